using System.Text;
using System.Text.RegularExpressions;

namespace Dimpact.Infrastructure.Tests;

/// <summary>
/// Just enough KQL to run an alert query's message filters on a log line in a test: <c>where message has "term"</c>
/// and <c>parse message with * "text" column:int "text" *</c>, the operators the message-based alerts use.
/// </summary>
internal static partial class Kql
{
    /// <summary>The terms of every <c>message has "…"</c> in the query.</summary>
    public static IReadOnlyList<string> HasTerms(string query) => [.. HasClause().Matches(query).Select(m => m.Groups["term"].Value)];

    /// <summary>KQL <c>has</c>: the term occurs whole, between characters that are not letters or digits; any case.</summary>
    public static bool Has(string message, string term) =>
        Regex.IsMatch(message, $"(?<![A-Za-z0-9]){Regex.Escape(term)}(?![A-Za-z0-9])", RegexOptions.IgnoreCase);

    /// <summary>The columns the query's <c>parse message with …</c> takes from the message; null when it does not match.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(string query, string message)
    {
        var clause = ParseClause().Match(query);
        Assert.True(clause.Success, $"no 'parse message with' in {query}");
        var pattern = new StringBuilder("^");
        var columns = new List<string>();
        foreach (Match token in ParseToken().Matches(clause.Groups["pattern"].Value))
        {
            if (token.Groups["star"].Success) pattern.Append(".*?");
            else if (token.Groups["text"].Success) pattern.Append(Regex.Escape(token.Groups["text"].Value));
            else
            {
                columns.Add(token.Groups["name"].Value);
                pattern.Append($"(?<{token.Groups["name"].Value}>{(token.Groups["type"].Value == "int" ? "-?[0-9]+" : ".*?")})");
            }
        }
        var match = Regex.Match(message, pattern.Append('$').ToString(), RegexOptions.Singleline);
        return match.Success ? columns.ToDictionary(c => c, c => match.Groups[c].Value) : null;
    }

    [GeneratedRegex(@"message\s+has\s+""(?<term>[^""]+)""")]
    private static partial Regex HasClause();

    [GeneratedRegex(@"parse\s+message\s+with\s+(?<pattern>[^\n|]+)")]
    private static partial Regex ParseClause();

    [GeneratedRegex("""(?<star>\*)|"(?<text>[^"]*)"|(?<name>[A-Za-z_][A-Za-z0-9_]*):(?<type>[a-z]+)""")]
    private static partial Regex ParseToken();
}
