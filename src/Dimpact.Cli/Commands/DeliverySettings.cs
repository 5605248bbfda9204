using System.ComponentModel;
using Dimpact.Billing.Invoicing;
using Dimpact.Delivery;
using Dimpact.Storage;
using Microsoft.Extensions.Configuration;
using NodaTime;
using Spectre.Console.Cli;

namespace Dimpact.Cli.Commands;

/// <summary>
/// Options of the commands that render or send documents. SMTP and seller settings come from the environment with
/// the app settings' names (<c>Smtp__Host</c>, <c>Seller__Iban</c>, …); without <c>Smtp__Host</c> mail is written as
/// .eml files to out/mail/.
/// </summary>
public class DeliverySettings : StorageSettings
{
}

public class NumberSettings : YearStorageSettings
{
    [CommandArgument(0, "<NUMBER>")]
    [Description("Invoice or credit note number, e.g. 2024-000001 or C2024-000001; or only the sequence (1) with --year.")]
    public string Number { get; init; } = "";

    public InvoiceNumber InvoiceNumber()
    {
        if (int.TryParse(Number, out var sequence) && sequence > 0) return new InvoiceNumber(DocumentKind.Invoice, Year, sequence);
        try { return Billing.Invoicing.InvoiceNumber.Parse(Number); }
        catch (FormatException e) { throw new Billing.InvalidInputException([new Billing.DataProblem("NUMBER", null, null, e.Message)]); }
    }
}
