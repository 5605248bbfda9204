namespace Dimpact.Infrastructure.Tests;

internal static class Expect
{
    /// <summary>Fails with the missing names when <paramref name="actual"/> lacks any of <paramref name="expected"/>.</summary>
    public static void ContainsAll(IEnumerable<string> expected, IEnumerable<string?> actual)
    {
        var missing = expected.Except(actual.OfType<string>()).ToList();
        Assert.True(missing.Count == 0, $"Missing: {string.Join(", ", missing)}");
    }
}
