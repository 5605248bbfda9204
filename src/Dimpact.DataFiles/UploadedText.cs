using System.Text;
using Dimpact.Billing;

namespace Dimpact.DataFiles;

/// <summary>
/// The text of an uploaded CSV file, strictly: UTF-8 (a leading BOM allowed); an Excel workbook, a PDF or UTF-16 text
/// is recognised by its bytes and refused with what to do instead, whatever the file is called.
/// </summary>
public static class UploadedText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 only, strictly: a file saved as ANSI/Windows-1252 would turn "Súdwest-Fryslân" into garbage silently.</summary>
    public static string Decode(string fileName, byte[] content, string pdfHint = "export the data as CSV")
    {
        if (content.Length == 0) throw new InvalidInputException([new DataProblem(fileName, null, null, "the file is empty")]);
        if (NotCsv(content, pdfHint) is { } what) throw new InvalidInputException([new DataProblem(fileName, null, null, what)]);
        if (content is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] || LooksLikeUtf16(content))
            throw new InvalidInputException([new DataProblem(fileName, 1, null,
                "the file is UTF-16 encoded (Excel's 'Unicode text'); save it as UTF-8: in Excel, File > Save As > 'CSV UTF-8 (comma delimited) (*.csv)'")]);
        try
        {
            return StrictUtf8.GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            var offset = e.Index is >= 0 and var i && i < content.Length ? i : -1;
            int? line = offset >= 0 ? 1 + content.AsSpan(0, offset).Count((byte)'\n') : null;
            var bytes = e.BytesUnknown is { Length: > 0 } unknown ? $" (byte 0x{unknown[0]:X2} at offset {offset})" : "";
            throw new InvalidInputException([new DataProblem(fileName, line, null, $"the file is not valid UTF-8{bytes}; save it as UTF-8 (CSV UTF-8)")]);
        }
    }

    private const string SaveAsCsv = "open it in Excel and choose File > Save As > 'CSV UTF-8 (comma delimited) (*.csv)', then upload the .csv file";

    /// <summary>Files finance might upload by mistake, recognised by their signature whatever their name.</summary>
    private static string? NotCsv(byte[] content, string pdfHint) => content switch
    {
        [0x50, 0x4B, 0x03, 0x04, ..] => "the file is an Excel workbook (.xlsx) or another ZIP archive, not a CSV text file; " + SaveAsCsv,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => "the file is an old Excel workbook (.xls), not a CSV text file; " + SaveAsCsv,
        [0x25, 0x50, 0x44, 0x46, ..] => "the file is a PDF document, not a CSV text file; " + pdfHint,
        _ => null,
    };

    /// <summary>
    /// UTF-16 without a byte order mark: text in the Latin range has a NUL in every other byte. Half or more of the
    /// first bytes at the odd (little endian) or even (big endian) positions being NUL is no UTF-8 text file.
    /// </summary>
    private static bool LooksLikeUtf16(byte[] content)
    {
        var sample = content.AsSpan(0, Math.Min(content.Length, 512) & ~1);
        if (sample.Length < 4) return false;
        int even = 0, odd = 0;
        for (var i = 0; i < sample.Length; i += 2)
        {
            if (sample[i] == 0) even++;
            if (sample[i + 1] == 0) odd++;
        }
        var pairs = sample.Length / 2;
        return odd * 2 >= pairs && even == 0 || even * 2 >= pairs && odd == 0;
    }
}
