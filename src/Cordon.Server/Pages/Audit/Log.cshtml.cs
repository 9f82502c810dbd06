using Cordon.Audit;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Audit;

/// <summary>The auditor's view of the log: search, the latest signed checkpoint, and "Verify now".</summary>
[Authorize(Policy = AuditSetup.Policy)]
public sealed class LogModel(CordonDb db, AuditVerification verification, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? RecordType { get; set; }
    [BindProperty(SupportsGet = true)] public string? RecordId { get; set; }
    [BindProperty(SupportsGet = true)] public string? Purpose { get; set; }
    [BindProperty(SupportsGet = true)] public string? Decision { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? To { get; set; }

    public Actor Actor => Actor.FromPrincipal(User);
    public TableQuery Table { get; private set; } = null!;
    public bool Descending { get; private set; }
    public AuditPage? Results { get; private set; }
    /// <summary>The records of the shown entries by the references people use, with links.</summary>
    public RecordReferences References { get; private set; } = new();
    public AuditCheckpoint? Checkpoint { get; private set; }
    public long LogSize { get; private set; }
    public VerificationStatus Verification => verification.Status;
    public string? Message { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public IActionResult OnPostVerify()
    {
        verification.Start();
        // No fragment: the progress refresh must reload the page, not just scroll to an anchor.
        return RedirectToPage(null, null, Request.Query.Where(q => q.Key != "handler").ToDictionary(q => q.Key, q => q.Value.ToString()));
    }

    public async Task<IActionResult> OnPostCheckpointAsync([FromServices] AuditSigner signer, CancellationToken ct)
    {
        var made = await AuditCheckpoints.MakeAsync(db, signer, ct);
        Message = text["Checkpoint signed at tree size {0}.", made.TreeSize.ToString("N0")];
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Sort links; without a sort in the query string the log shows newest first.</summary>
    public string SortLink(string column) => Table.SortLink(column) is var link && column == Table.Sort && !Request.Query.ContainsKey("sort")
        ? link.Replace("desc=1", "", StringComparison.Ordinal) : link;

    public string SortMark(string column) => column != Table.Sort ? "" : Descending ? " ▼" : " ▲";

    /// <summary>After a refused search (a bad date or filter): the log's size and checkpoint, no results.</summary>
    public async Task ReloadAsync(CancellationToken ct)
    {
        Table = new TableQuery(Request, "index", pageSize: 50);
        Descending = Request.Query.ContainsKey("sort") ? Table.Descending : true;
        LogSize = await AuditTree.SizeAsync(db, ct);
        Checkpoint = await AuditCheckpoints.LatestAsync(db, ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        await ReloadAsync(ct);
        Results = await AuditSearch.SearchAsync(db, Actor, new AuditQuery
        {
            Actor = Who,
            Agency = Agency,
            Action = Action,
            RecordType = RecordType,
            RecordId = RecordId,
            Purpose = Purpose,
            Decision = Decision,
            From = From is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f, DateTimeKind.Utc)) : null,
            To = To is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null,
            Sort = AuditSearch.SortColumns.Contains(Table.Sort) ? Table.Sort : "index",
            Desc = Descending,
            Page = Table.Page,
            PageSize = Table.PageSize,
        }, ct);
        if (Results is { } r)
        {
            References = await RecordReferences.ResolveAsync(db, Actor.AgencyId, r.Entries.Select(e => (e.RecordType, e.RecordId)), ct);
        }
    }
}
