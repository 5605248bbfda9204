using Microsoft.Extensions.Logging;

namespace Dimpact.Cli.Output;

/// <summary>
/// The log lines of the shared code (such as a delivery's give-up, <c>DeliveryLogging</c>) as the CLI shows them: on
/// standard error as <c>error: …</c> or <c>warning: …</c>, from <paramref name="minimum"/> up.
/// </summary>
public sealed class StandardErrorLogger(LogLevel minimum) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel)) Console.Error.WriteLine($"{(logLevel >= LogLevel.Error ? "error" : "warning")}: {formatter(state, exception)}");
    }
}
