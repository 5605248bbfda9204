using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Dimpact.Documents.Pdf;

/// <summary>
/// Makes a saved PDFsharp 6.2 file depend on its content only. PDFsharp draws three things from Guid.NewGuid()
/// that it offers no setting for: the six-letter tag of each embedded font subset ("ABCDEF+DejaVuSans") and the
/// XMP DocumentID and InstanceID. They are replaced here by values derived from a seed (the invoice number),
/// each by a value of the same length, so that every byte offset in the cross-reference table stays valid. The
/// trailer /ID and the dates are set on the document before saving (see <see cref="InvoicePdf"/>).
/// </summary>
internal static partial class ReproduciblePdf
{
    // Latin-1 maps every byte to one char and back, so the binary streams survive the round trip unchanged.
    private static readonly Encoding Bytes = Encoding.Latin1;

    public static byte[] Normalize(byte[] pdf, string seed)
    {
        var text = Bytes.GetString(pdf);

        var tags = new Dictionary<string, string>();
        text = SubsetTag().Replace(text, m =>
        {
            var font = m.Groups["font"].Value;
            if (!tags.TryGetValue(m.Groups["tag"].Value, out var tag))
            {
                tag = Letters(Hash($"{seed}|font|{tags.Count}|{font}"), 6);
                tags[m.Groups["tag"].Value] = tag;
            }
            return $"/{tag}+{font}";
        });

        var uuids = 0;
        text = XmpUuid().Replace(text, _ => "uuid:" + new Guid(Hash($"{seed}|xmp|{uuids++}")[..16]).ToString());

        return Bytes.GetBytes(text);
    }

    /// <summary>16 bytes for the trailer /ID, as PDFsharp wants them: one char per byte.</summary>
    public static string DocumentId(string seed) => new(Hash($"{seed}|id")[..16].Select(b => (char)b).ToArray());

    private static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    private static string Letters(byte[] hash, int count) => new(hash.Take(count).Select(b => (char)('A' + b % 26)).ToArray());

    [GeneratedRegex(@"/(?<tag>[A-Z]{6})\+(?<font>DejaVu[A-Za-z-]*)")]
    private static partial Regex SubsetTag();

    [GeneratedRegex(@"uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex XmpUuid();
}
