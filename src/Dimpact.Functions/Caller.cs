using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Dimpact.Functions;

/// <summary>
/// Who called an HTTP function, for its run record: the person App Service authentication signed in, from the
/// <c>X-MS-CLIENT-PRINCIPAL</c> headers the platform adds (and strips from incoming requests, so a caller cannot
/// set them), as "Name &lt;account&gt;"; without them (no App Service authentication, e.g. a local host) the call
/// was authorized by the function key alone.
/// </summary>
public static class Caller
{
    public const string FunctionKey = "function key";

    /// <summary>Header values are bounded by the platform; the record keeps at most this much.</summary>
    private const int MaxLength = 200;

    public static string Of(HttpRequest request)
    {
        var claims = Claims(request.Headers["X-MS-CLIENT-PRINCIPAL"].ToString());
        var name = claims.GetValueOrDefault("name");
        var account = claims.GetValueOrDefault("preferred_username")
            ?? claims.GetValueOrDefault("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn")
            ?? NonEmpty(request.Headers["X-MS-CLIENT-PRINCIPAL-NAME"].ToString())
            ?? claims.GetValueOrDefault("http://schemas.microsoft.com/identity/claims/objectidentifier")
            ?? NonEmpty(request.Headers["X-MS-CLIENT-PRINCIPAL-ID"].ToString());
        var caller = (name, account) switch
        {
            (null, null) => FunctionKey,
            (_, null) => name,
            (null, _) => account,
            _ when name == account => name,
            _ => $"{name} <{account}>",
        };
        return caller.Length <= MaxLength ? caller : caller[..MaxLength];
    }

    /// <summary>The principal's claims (base64 JSON <c>{"claims":[{"typ":…,"val":…}]}</c>), the first value of each type; none when absent or unreadable.</summary>
    private static Dictionary<string, string> Claims(string header)
    {
        var claims = new Dictionary<string, string>(StringComparer.Ordinal);
        if (header.Length == 0) return claims;
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            if (!json.RootElement.TryGetProperty("claims", out var list) || list.ValueKind != JsonValueKind.Array) return claims;
            foreach (var claim in list.EnumerateArray())
                if (claim.TryGetProperty("typ", out var typ) && claim.TryGetProperty("val", out var val)
                    && typ.GetString() is { } type && NonEmpty(val.GetString()) is { } value)
                    claims.TryAdd(type, value);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException) { }
        return claims;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
