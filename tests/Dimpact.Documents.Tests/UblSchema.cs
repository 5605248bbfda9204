using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace Dimpact.Documents.Tests;

/// <summary>
/// The OASIS UBL 2.1 schemas for Invoice and CreditNote, loaded once from the shared data beside the repository
/// (<c>../shared/schemas/ubl-2.1</c>; CI clones <c>shared/</c> next to the repository). The project carries no copy.
/// </summary>
public static class UblSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(Load);

    /// <summary>The folder that holds <c>maindoc/</c> and <c>common/</c> of the UBL 2.1 schemas.</summary>
    public static string Folder { get; } = Path.GetFullPath(Path.Combine(RepositoryFiles.Root, "..", "shared", "schemas", "ubl-2.1"));

    private static XmlSchemaSet Load()
    {
        var folder = Path.Combine(Folder, "maindoc");
        if (!File.Exists(Path.Combine(folder, "UBL-Invoice-2.1.xsd")))
            throw new InvalidOperationException(
                $"The UBL 2.1 schemas are not at {Folder}: the tests read them from ../shared/schemas/ubl-2.1 relative to "
                + $"the repository root {RepositoryFiles.Root}. Put the shared/ folder beside the repository (CI has it there).");
        var set = new XmlSchemaSet { XmlResolver = new XmlUrlResolver() };
        foreach (var name in new[] { "UBL-Invoice-2.1.xsd", "UBL-CreditNote-2.1.xsd" })
        {
            // The UBL copy of the xmldsig schema declares its namespace in an internal DTD subset (no external
            // DTD is fetched: OASIS removed its PUBLIC and SYSTEM ids), so DTDs are parsed for these local files.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = new XmlUrlResolver() };
            using var reader = XmlReader.Create(Path.Combine(folder, name), settings);
            set.Add(null, reader);
        }
        set.Compile();
        return set;
    }

    /// <summary>Every schema error and warning, empty when the document is valid.</summary>
    public static IReadOnlyList<string> Errors(byte[] xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = Schemas.Value };
        settings.ValidationFlags |= XmlSchemaValidationFlags.ReportValidationWarnings;
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} line {e.Exception.LineNumber}: {e.Message}");
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read()) { }
        return errors;
    }

    public static IReadOnlyList<string> Errors(XDocument document)
    {
        using var stream = new MemoryStream();
        document.Save(stream);
        return Errors(stream.ToArray());
    }
}
