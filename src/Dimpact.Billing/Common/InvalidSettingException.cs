namespace Dimpact.Billing;

/// <summary>
/// A setting (environment variable, app setting or command option) that cannot be used: a mistake a user makes and
/// fixes without a code change. The message names the setting as the user sets it (<c>Smtp__Port</c>,
/// <c>DIMPACT_STORAGE</c>) and says what a valid value looks like; it never repeats a value that may be a secret.
/// </summary>
public sealed class InvalidSettingException(string setting, string problem) : Exception($"{setting}: {problem}")
{
    public string Setting { get; } = setting;
}
