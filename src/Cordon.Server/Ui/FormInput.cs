using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Ui;

/// <summary>Form fields a page reads itself before the feature sees them: what is not the right kind of value is refused beside its field.</summary>
public static class FormInput
{
    /// <summary>A JSON field (an area drawn or pasted as GeoJSON); blank gives null, not JSON is refused.</summary>
    public static JsonElement? Json(this ModelStateDictionary state, string? value, string field, IStringLocalizer text)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(value);
            return doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            state.AddModelError(field, text["is not JSON: {0}", e.Message]);
            return null;
        }
    }

    /// <summary>A date and time in UTC (a datetime-local input); anything else is refused with an example.</summary>
    public static DateTimeOffset? UtcTime(this ModelStateDictionary state, string? value, string field, string example)
    {
        if (DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return new DateTimeOffset(t, TimeSpan.Zero);
        }
        state.AddModelError(field, $"is a date and time in UTC, e.g. {example}.");
        return null;
    }
}
