using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Declarations;

public sealed class QuarantineModel(CordonDb db, StorageSetup.StoreSettings store, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    /// <summary>The page from the query string (not bound: "page" is also Razor Pages' route value).</summary>
    public TableQuery Table { get; private set; } = null!;
    /// <summary>Only one import's rejects (the file name), as linked from the jobs page.</summary>
    [BindProperty(SupportsGet = true)] public string? Source { get; set; }

    public QuarantinePage Result { get; private set; } = new([], 1, 25, 0);
    public string? Message { get; private set; }
    /// <summary>The record being corrected when its re-submission failed, with the user's edit kept.</summary>
    public Guid? FailedId { get; private set; }
    public string? FailedContent { get; private set; }

    /// <summary>
    /// The record as the form shows it, its errors in the reader's language: after a failed correction, the
    /// user's values with the new errors (RefusalsOnTheForm has already said them in the reader's words).
    /// </summary>
    public QuarantineView Shown(QuarantineView q)
    {
        var said = q with { Errors = q.Wordings.ToDictionary(e => e.Key, e => e.Value.Select(text.Say).ToArray(), StringComparer.Ordinal) };
        return FailedId == q.Id && FailedContent is not null && q.ContentIsJson ? said with { Content = FailedContent, Errors = FieldErrors() is { Count: > 0 } e ? e : said.Errors } : said;
    }

    private Dictionary<string, string[]> FieldErrors()
        => ModelState.Where(e => e.Key.Length > 0 && e.Value is { Errors.Count: > 0 }).ToDictionary(e => e.Key, e => e.Value!.Errors.Select(x => x.ErrorMessage).ToArray());

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostResubmitAsync(Guid id, string content, CancellationToken ct)
    {
        // Kept for the form should the re-submission be refused (RefusalsOnTheForm shows the errors beside it).
        (FailedId, FailedContent) = (id, content);
        var result = await Quarantine.ResubmitAsync(db, store, Actor.FromPrincipal(User), id, content, clock.GetUtcNow(), ct);
        (FailedId, FailedContent) = (null, null);
        Message = text["{0}: {1} (version {2}); removed from quarantine.", result.Number ?? "", text.Code("intake", DeclarationEndpoints.Name(result.Outcome)), result.Version?.ToString() ?? ""];
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The per-field form: each field:path value written into the record, which is then re-submitted.</summary>
    public async Task<IActionResult> OnPostCorrectAsync(Guid id, CancellationToken ct)
    {
        var actor = Actor.FromPrincipal(User);
        var record = await Quarantine.GetAsync(db, actor, id, ct);
        var values = Request.Form.Where(f => f.Key.StartsWith(QuarantineForm.Prefix, StringComparison.Ordinal))
            .Select(f => new KeyValuePair<string, string?>(f.Key[QuarantineForm.Prefix.Length..], f.Value.ToString()));
        var content = QuarantineForm.Apply(record.Content, values);
        (FailedId, FailedContent) = (id, content);
        var result = await Quarantine.ResubmitAsync(db, store, actor, id, content, clock.GetUtcNow(), ct);
        (FailedId, FailedContent) = (null, null);
        Message = text["{0}: {1} (version {2}); removed from quarantine.", result.Number ?? "", text.Code("intake", DeclarationEndpoints.Name(result.Outcome)), result.Version?.ToString() ?? ""];
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDiscardAsync(Guid id, CancellationToken ct)
    {
        await Quarantine.DiscardAsync(db, Actor.FromPrincipal(User), id, clock.GetUtcNow(), ct);
        Message = text["Record discarded."];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Table = new TableQuery(Request, "received", pageSize: 25, defaultDescending: true);
        Result = await Quarantine.ListAsync(db, Actor.FromPrincipal(User), null, Table.Page, Table.PageSize, ct, Source);
        Table.Counted(Result.Total);
    }

    /// <summary>JSON content pretty-printed for editing; raw text as it came.</summary>
    public static string Editable(QuarantineView q)
    {
        if (!q.ContentIsJson)
        {
            return q.Content;
        }
        using var doc = System.Text.Json.JsonDocument.Parse(q.Content);
        return System.Text.Json.JsonSerializer.Serialize(doc.RootElement, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}
