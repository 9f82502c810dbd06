using Cordon.Common;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cordon.Server.Pages.Declarations;

public sealed class QuarantineModel(CordonDb db, StorageSetup.StoreSettings store) : PageModel
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

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostResubmitAsync(Guid id, string content, CancellationToken ct)
    {
        try
        {
            var result = await Quarantine.ResubmitAsync(db, store, Actor.FromPrincipal(User), id, content, ct);
            Message = $"{result.Number}: {DeclarationEndpoints.Name(result.Outcome)} (version {result.Version}); removed from quarantine.";
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e);
            FailedId = id;
            FailedContent = content;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDiscardAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await Quarantine.DiscardAsync(db, Actor.FromPrincipal(User), id, ct);
            Message = "Record discarded.";
        }
        catch (CordonException e)
        {
            ModelState.AddCordonError(e);
        }
        await LoadAsync(ct);
        return Page();
    }

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
