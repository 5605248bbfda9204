using System.Text.Json;
using Dimpact.Billing.Status;
using NodaTime.Text;

namespace Dimpact.App;

/// <summary>
/// The status as JSON for scripts (<c>dimpact status --json</c>) and for the HTTP Status function, one shape for both:
/// <c>{"date":"2024-10-02","needsAttention":true,"sections":[{"title":"Waiting","needsAttention":true,"lines":[{"text":"…","needsAttention":true}]}]}</c>.
/// </summary>
public static class StatusJson
{
    public static string Serialize(BillingStatusReport report)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("date", LocalDatePattern.Iso.Format(report.Date));
            json.WriteBoolean("needsAttention", report.NeedsAttention);
            json.WriteStartArray("sections");
            foreach (var section in report.Sections)
            {
                json.WriteStartObject();
                json.WriteString("title", section.Title);
                json.WriteBoolean("needsAttention", section.NeedsAttention);
                json.WriteStartArray("lines");
                foreach (var line in section.Lines)
                {
                    json.WriteStartObject();
                    json.WriteString("text", line.Text);
                    json.WriteBoolean("needsAttention", line.NeedsAttention);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
