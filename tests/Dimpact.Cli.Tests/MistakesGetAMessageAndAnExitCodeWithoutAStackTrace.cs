using System.Diagnostics;
using System.Text.RegularExpressions;
using Dimpact.TestSupport;

namespace Dimpact.Cli.Tests;

/// <summary>
/// Every mistake a user can make (a setting, a connection string, storage that is not there) ends the CLI with one or
/// two lines naming the setting or endpoint and what to do, and an exit code of its own (README, "The CLI");
/// <c>--verbose</c> adds the stack trace, which is otherwise only shown for an unexpected failure.
/// </summary>
public partial class MistakesGetAMessageAndAnExitCodeWithoutAStackTrace
{
    private const int Configuration = 5;
    private const int StorageUnreachable = 6;

    /// <summary>A well-formed connection string whose endpoints nobody listens on.</summary>
    private static readonly string NobodyListens = UnusedPortConnectionString();

    private static string UnusedPortConnectionString()
    {
        var port = Azurite.FreePort(); // free a moment ago; nothing starts listening on it
        return Azurite.ConnectionStringFor(port, port, port);
    }

    private static async Task<CliResult> Run(Dictionary<string, string> environment, params string[] arguments) =>
        await CliProcess.RunAsync(arguments, environment);

    private static void AssertAMistake(CliResult result, int exitCode, params string[] named)
    {
        var what = $"exit {result.ExitCode}\nstdout:\n{result.Output}\nstderr:\n{result.Error}";
        Assert.True(result.ExitCode == exitCode, what);
        Assert.False(StackFrame().IsMatch(result.Error), what);
        Assert.False(StackFrame().IsMatch(result.Output), what);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 2);
        Assert.StartsWith("error: ", lines[0]);
        foreach (var name in named) Assert.Contains(name, result.Error);
    }

    [Fact]
    public async Task An_empty_DIMPACT_STORAGE_names_the_variable_and_exits_5()
    {
        var result = await Run(new() { ["DIMPACT_STORAGE"] = "" }, "invoices", "list", "--year", "2024");
        AssertAMistake(result, Configuration, "DIMPACT_STORAGE", "empty");
    }

    [Theory]
    [InlineData("not a connection string")]
    [InlineData("AccountName=x;AccountKey=y")]
    public async Task A_malformed_DIMPACT_STORAGE_names_the_variable_without_repeating_it_and_exits_5(string connectionString)
    {
        var result = await Run(new() { ["DIMPACT_STORAGE"] = connectionString }, "runs", "list");
        AssertAMistake(result, Configuration, "DIMPACT_STORAGE", "not a storage connection string");
        Assert.DoesNotContain(connectionString, result.Error); // it may hold a key
    }

    [Fact]
    public async Task A_malformed_storage_option_names_the_option()
    {
        var result = await Run([], "deliveries", "list", "--storage", "nonsense");
        AssertAMistake(result, Configuration, "--storage");
    }

    [Fact]
    public async Task Unreachable_storage_names_the_endpoint_within_seconds_and_exits_6()
    {
        var endpoint = Regex.Match(NobodyListens, @"http://127\.0\.0\.1:\d+").Value;
        var clock = Stopwatch.StartNew();
        var result = await Run(new() { ["DIMPACT_STORAGE"] = NobodyListens }, "invoices", "list", "--year", "2024");
        clock.Stop();

        AssertAMistake(result, StorageUnreachable, endpoint, "unreachable");
        // Two quick retries (0.25 s, 0.5 s) instead of the SDK's 0.8 + 1.6 + 3.2 s; the rest is starting dotnet.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("Smtp__Port", "abc")]
    [InlineData("Smtp__Port", "70000")]
    [InlineData("Smtp__UseTls", "yes")]
    public async Task A_bad_SMTP_setting_names_the_setting_and_its_value_and_exits_5(string setting, string value)
    {
        var result = await Run(new() { ["DIMPACT_STORAGE"] = NobodyListens, [setting] = value }, "deliver");
        AssertAMistake(result, Configuration, setting, $"'{value}'");
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace_to_the_message()
    {
        var result = await Run(new() { ["DIMPACT_STORAGE"] = NobodyListens, ["Smtp__Port"] = "abc" }, "deliver", "--verbose");

        Assert.Equal(Configuration, result.ExitCode);
        Assert.StartsWith("error: Smtp__Port: 'abc'", result.Error);
        Assert.Matches(StackFrame(), result.Error);
    }

    [Fact]
    public async Task Storage_that_refuses_the_account_key_says_so_and_exits_5()
    {
        // Azurite's account with another (valid base64) key: every request is refused with 403.
        var wrongKey = Regex.Replace(Azurite.ConnectionString, "AccountKey=[^;]+", "AccountKey=" + Convert.ToBase64String(new byte[64]));
        var result = await Run(new() { ["DIMPACT_STORAGE"] = wrongKey, ["DIMPACT_STORAGE_PREFIX"] = Azurite.UniquePrefix() }, "runs", "list");
        AssertAMistake(result, Configuration, "403", "account key");
    }

    /// <summary>A .NET stack frame line ("   at Namespace.Type.Method(…)"), as an unhandled exception prints it.</summary>
    [GeneratedRegex(@"^\s+at \S+", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
