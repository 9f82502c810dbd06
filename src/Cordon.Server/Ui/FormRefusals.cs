using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Cordon.Server.Ui;

/// <summary>
/// A form's refusals (in its ModelState, where <see cref="RefusalsOnTheForm"/> and the page's own checks put them)
/// grouped by the part of the form they concern and shown beside it, as on the patrol planning page.
/// A field's error reads "field: message" (or the page's label for the field); errors of no field go to "other".
/// </summary>
public sealed class FormRefusals(ModelStateDictionary state, Func<string, string> section, Func<string, string>? label = null)
{
    private IEnumerable<(string Section, string Message)> All
        => state.Where(e => e.Value is { Errors.Count: > 0 })
            .SelectMany(e => e.Value!.Errors.Select(error => e.Key.Length == 0
                ? ("other", error.ErrorMessage)
                : (section(e.Key), $"{(label ?? (f => f))(e.Key)}: {error.ErrorMessage}")));

    public int Count => state.ErrorCount;

    public IReadOnlyList<string> For(string part) => All.Where(r => r.Section == part).Select(r => r.Message).ToList();

    /// <summary>Sections named by the field's first part ("participants[2]" → "participants"); GeoJSON paths go to "area".</summary>
    public static string ByField(string field)
    {
        var head = field.Split('[', '.')[0];
        return head is "coordinates" or "type" or "features" or "geometry" ? "area" : head;
    }

    /// <summary>The refusals of a section as a list beside the field (data-testid="refusal-{section}").</summary>
    public IHtmlContent Beside(string part)
    {
        var list = For(part);
        if (list.Count == 0)
        {
            return HtmlString.Empty;
        }
        var b = new HtmlContentBuilder();
        b.AppendHtml($"<ul class=\"field-error\" data-testid=\"refusal-{part}\">");
        foreach (var m in list)
        {
            b.AppendHtml("<li>").Append(m).AppendHtml("</li>");
        }
        return b.AppendHtml("</ul>");
    }
}
