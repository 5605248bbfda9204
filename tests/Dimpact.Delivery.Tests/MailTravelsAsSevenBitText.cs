using System.Text;
using Dimpact.Delivery;
using MimeKit;

namespace Dimpact.Delivery.Tests;

/// <summary>
/// The e-mail is UTF-8 ("Coöperatie"): its text travels quoted-printable (7-bit), so that no relay reads it as
/// 7bit text, and a pickup .eml file has CRLF line ends like a message on the wire.
/// </summary>
public class MailTravelsAsSevenBitText
{
    [Fact]
    public async Task Over_SMTP_every_text_part_is_quoted_printable_and_the_message_is_7_bit()
    {
        using var world = new DeliveryWorld();
        var smtp = world.StartSmtp();
        await world.IssueQ1Async();
        await world.Delivery.Worker.RunAsync();

        var raw = smtp.ReceivedEmail.Select(m => m.Data).ToList();
        Assert.Equal(39, raw.Count);
        Assert.All(raw, data => Assert.All(data, c => Assert.True(c < 128, $"a non-ASCII character {c} travels unencoded")));
        foreach (var message in world.Received)
        {
            var text = Assert.Single(message.BodyParts.OfType<TextPart>());
            Assert.Equal(ContentEncoding.QuotedPrintable, text.ContentTransferEncoding);
            Assert.Equal("utf-8", text.ContentType.Charset, ignoreCase: true);
            Assert.Contains("Coöperatie Dimpact U.A.", text.Text);
        }
    }

    [Fact]
    public async Task A_pickup_eml_file_has_CRLF_line_ends_and_a_quoted_printable_body()
    {
        using var world = new DeliveryWorld(pickup: true);
        await world.IssueQ1Async();
        await world.Delivery.Worker.RunAsync();

        var path = Path.Combine(world.PickupDirectory, "2024-000001.eml");
        var bytes = await File.ReadAllBytesAsync(path);
        var lineFeeds = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == '\n').ToList();
        Assert.True(lineFeeds.Count > 20);
        Assert.All(lineFeeds, i => Assert.True(i > 0 && bytes[i - 1] == '\r', $"a bare LF at byte {i}"));
        Assert.All(bytes, b => Assert.True(b < 128));

        var message = MimeMessage.Load(path);
        var text = Assert.Single(message.BodyParts.OfType<TextPart>());
        Assert.Equal(ContentEncoding.QuotedPrintable, text.ContentTransferEncoding);
        Assert.Contains("Geachte heer, mevrouw,", text.Text);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", Encoding.ASCII.GetString(bytes));
    }
}
