using Dimpact.Billing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using NodaTime.Text;

namespace Dimpact.Functions;

/// <summary>The <c>?date=yyyy-MM-dd</c> of the HTTP functions: today in Amsterdam when absent, a 400 naming the value when it is no date.</summary>
public static class DateQuery
{
    public static bool TryRead(HttpRequest request, IClock clock, out LocalDate date, out IActionResult? badRequest)
    {
        var text = request.Query["date"].ToString();
        badRequest = null;
        date = text.Length == 0 ? BillingCalendar.Today(clock) : default;
        if (text.Length == 0) return true;
        if (LocalDatePattern.Iso.Parse(text) is { Success: true } parsed)
        {
            date = parsed.Value;
            return true;
        }
        badRequest = new BadRequestObjectResult(new { error = $"date: '{text}' is not a date in the form yyyy-MM-dd" });
        return false;
    }
}
