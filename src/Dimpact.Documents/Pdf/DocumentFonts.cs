using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace Dimpact.Documents.Pdf;

/// <summary>
/// Serves the DejaVu Sans faces shipped in this assembly to PDFsharp, whatever family a caller asks for: the
/// Functions host has no system fonts, and a document must look the same on every machine.
/// </summary>
internal sealed class DocumentFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly DocumentFonts Instance = new();
    private static readonly Lock Gate = new();
    private static bool _installed;

    private readonly ConcurrentDictionary<string, byte[]> _faces = new();

    /// <summary>
    /// PDFsharp keeps one resolver per process and accepts only that same instance again, so it is set once here
    /// before the first document is drawn, also when several documents are rendered in parallel.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (_installed) return;
            GlobalFontSettings.FontResolver = Instance;
            _installed = true;
        }
    }

    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) => new(bold ? Bold : Regular);

    public byte[] GetFont(string faceName) => _faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        var resource = $"Dimpact.Documents.Fonts.{faceName}.ttf";
        using var stream = typeof(DocumentFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The font {resource} is not embedded in {typeof(DocumentFonts).Assembly.GetName().Name}.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
