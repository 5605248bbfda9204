namespace Dimpact.Billing;

/// <summary>One thing wrong with an input file, located by file, line and field.</summary>
public sealed record DataProblem(string File, int? Line, string? Field, string Message)
{
    public override string ToString()
    {
        var where = Line is { } l ? $"{File}, line {l}" : File;
        return Field is null ? $"{where}: {Message}" : $"{where}, field '{Field}': {Message}";
    }
}

/// <summary>Input that cannot be used; it lists every problem found, not only the first.</summary>
public sealed class InvalidInputException(IReadOnlyList<DataProblem> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<DataProblem> Problems { get; } = problems;
}
