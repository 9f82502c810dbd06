using System.Globalization;
using Cordon.Common;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Ui;

/// <summary>
/// The one place a page turns what an operation said (a refusal, a field's validation message) into the
/// reader's words: the English template is the resource key, its translation for the current UI culture is
/// filled with the arguments (ids, codes, field paths, untranslated) in the current culture; a template no
/// resource has stays English. docs/languages.md, "Messages from operations".
/// </summary>
public static class OperationMessages
{
    public static string Say(this IStringLocalizer text, Wording wording)
    {
        var found = text[wording.Template];
        // A wording within a wording ("line 7: {the line's fault}") is said in the reader's words too.
        return wording.Format(CultureInfo.CurrentCulture, found.ResourceNotFound ? wording.Template : found.Value, a => a is Wording inner ? text.Say(inner) : a);
    }

    /// <summary>A refusal as one sentence; invalid fields as "field: message" each.</summary>
    public static string Say(this IStringLocalizer text, CordonException e)
        => e is ValidationFailed v
            ? string.Join("; ", v.Wordings.Select(f => $"{f.Key}: {string.Join(", ", f.Value.Select(text.Say))}"))
            : text.Say(e.Wording);

    /// <summary>Each invalid field's messages in the reader's words.</summary>
    public static IReadOnlyDictionary<string, string[]> SayFields(this IStringLocalizer text, ValidationFailed v)
        => v.Wordings.ToDictionary(f => f.Key, f => f.Value.Select(text.Say).ToArray(), StringComparer.Ordinal);
}
