using System.Globalization;
using System.Text.Json;
using Dimpact.Billing.Invoicing;
using Dimpact.TestSupport;

namespace Dimpact.Delivery.Tests;

/// <summary>The host indexes functions.metadata: the queue trigger must be there as the host and Bicep expect it.</summary>
public class DeliveryFunctionMetadata
{
    private static string Output()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        return Path.Combine(Repository.Root, "src", "Dimpact.Functions", "bin", configuration, "net10.0");
    }

    [Fact]
    public void DeliverInvoice_is_a_queue_trigger_on_invoice_deliveries_over_the_BillingStorage_connection()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output(), "functions.metadata")));
        var function = document.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == "DeliverInvoice");
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");
        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("invoice-deliveries", trigger.GetProperty("queueName").GetString());
        Assert.Equal("BillingStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal("Dimpact.Functions.DeliverInvoiceFunction.Run", function.GetProperty("entryPoint").GetString());
    }

    [Fact]
    public void A_claim_to_send_outlasts_the_host_s_function_timeout_so_a_running_handler_keeps_it()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "host.json")));
        var functionTimeout = TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!, CultureInfo.InvariantCulture);
        Assert.True(InvoiceDelivery.SendingLease.ToTimeSpan() > functionTimeout);
        Assert.Equal("base64", host.RootElement.GetProperty("extensions").GetProperty("queues").GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void The_app_ships_the_member_registry()
    {
        Assert.True(File.Exists(Path.Combine(Output(), "data", "members", "registry.csv")));
        Assert.True(File.Exists(Path.Combine(Output(), "data", "members", "buyer-references.csv")));
    }
}
