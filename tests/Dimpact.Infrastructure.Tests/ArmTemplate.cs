using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dimpact.Infrastructure.Tests;

/// <summary>
/// A compiled ARM template with its nested module deployments. Resolves the simple expressions
/// that Bicep emits for module inputs ([parameters('x')], [variables('x')]) so that tests can
/// read a value where it is finally used.
/// </summary>
public sealed partial class ArmTemplate
{
    private readonly JsonElement _template;
    private readonly ArmTemplate? _parent;
    private readonly JsonElement? _parameterValues;

    public ArmTemplate(JsonElement template, ArmTemplate? parent = null, JsonElement? parameterValues = null)
    {
        _template = template;
        _parent = parent;
        _parameterValues = parameterValues;
    }

    public JsonElement Root => _template;

    public string Text => _template.GetRawText();

    /// <summary>
    /// The resources this template deploys: an array, or (languageVersion 2.0, which Bicep emits for a module that
    /// imports from another file) an object by symbolic name, whose <c>existing</c> references deploy nothing.
    /// </summary>
    public IEnumerable<JsonElement> OwnResources =>
        !_template.TryGetProperty("resources", out var resources) ? []
        : resources.ValueKind == JsonValueKind.Array ? resources.EnumerateArray()
        : resources.EnumerateObject().Select(r => r.Value)
            .Where(r => !(r.TryGetProperty("existing", out var existing) && existing.GetBoolean()));

    /// <summary>This template's resources and those of every nested module, with their template.</summary>
    public IEnumerable<(ArmTemplate Template, JsonElement Resource)> AllResources()
    {
        foreach (var resource in OwnResources)
        {
            yield return (this, resource);
            if (TypeOf(resource) == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Module(resource).AllResources())
                {
                    yield return nested;
                }
            }
        }
    }

    public IEnumerable<(ArmTemplate Template, JsonElement Resource)> AllResources(string type) =>
        AllResources().Where(r => string.Equals(TypeOf(r.Resource), type, StringComparison.OrdinalIgnoreCase));

    public (ArmTemplate Template, JsonElement Resource) Single(string type) => Assert.Single(AllResources(type));

    public JsonElement ModuleDeployment(string name) =>
        OwnResources.Single(r => TypeOf(r) == "Microsoft.Resources/deployments" && r.GetProperty("name").GetString() == name);

    public ArmTemplate Module(string name) => Module(ModuleDeployment(name));

    private ArmTemplate Module(JsonElement deployment)
    {
        var properties = deployment.GetProperty("properties");
        return new ArmTemplate(properties.GetProperty("template"), this, properties.GetProperty("parameters"));
    }

    public JsonElement Variable(string name) => _template.GetProperty("variables").GetProperty(name);

    /// <summary>The value of a parameter: the module input, or else the parameter's default.</summary>
    public JsonElement Parameter(string name)
    {
        if (_parameterValues is { } values && values.TryGetProperty(name, out var input))
        {
            return _parent!.Resolve(input.GetProperty("value"));
        }

        return _template.GetProperty("parameters").GetProperty(name).GetProperty("defaultValue");
    }

    /// <summary>Follows a value that is exactly [parameters('x')] or [variables('x')].</summary>
    public JsonElement Resolve(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return value;
        }

        var match = WholeReference().Match(value.GetString()!);
        if (!match.Success)
        {
            return value;
        }

        var name = match.Groups["name"].Value;
        return match.Groups["kind"].Value == "parameters" ? Parameter(name) : Resolve(Variable(name));
    }

    /// <summary>Names of the variables an expression refers to.</summary>
    public static IEnumerable<string> VariablesIn(string expression) =>
        VariableReference().Matches(expression).Select(m => m.Groups["name"].Value);

    /// <summary>
    /// The names a copy loop's expression takes by <c>[copyIndex()]</c> from a parameter or variable list, each resolved
    /// (a module input list resolved in the parent template): the containers, tables or queues of a loop's scope.
    /// </summary>
    public IReadOnlyList<string> CopyNames(string expression)
    {
        var match = CopyIndexed().Match(expression);
        Assert.True(match.Success, $"No list indexed by copyIndex() in {expression}");
        var name = match.Groups["name"].Value;
        if (match.Groups["kind"].Value == "variables")
        {
            return Variable(name).EnumerateArray().Select(e => Resolve(e).GetString()!).ToList();
        }

        if (_parameterValues is { } values && values.TryGetProperty(name, out var input))
        {
            return _parent!.Resolve(input.GetProperty("value")).EnumerateArray().Select(e => _parent.Resolve(e).GetString()!).ToList();
        }

        return Parameter(name).EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>The raw module input of a parameter (an expression of the parent template), as the parent passes it.</summary>
    public string? InputExpression(string name) =>
        _parameterValues is { } values && values.TryGetProperty(name, out var input) ? input.GetProperty("value").GetRawText() : null;

    public static string TypeOf(JsonElement resource) => resource.GetProperty("type").GetString()!;

    [GeneratedRegex(@"^\[(?<kind>parameters|variables)\('(?<name>[^']+)'\)\]$")]
    private static partial Regex WholeReference();

    [GeneratedRegex(@"(?<kind>parameters|variables)\('(?<name>[^']+)'\)\[copyIndex\(\)\]")]
    private static partial Regex CopyIndexed();

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)")]
    private static partial Regex VariableReference();
}
