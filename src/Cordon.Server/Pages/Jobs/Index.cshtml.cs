using System.Text.Json;
using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Jobs;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Jobs;

public sealed class IndexModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    /// <summary>One job as the page shows it: the server's status, its outcome in words, every error, and where rejects went.</summary>
    public sealed record Row(JobView View, string? ImportedFile)
    {
        public bool IsFinishedView => View.Status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;

        /// <summary>An import's counts from its result ("2 accepted, 0 amended, 0 duplicates, 1 rejected in 0.4 s"); null for other jobs.</summary>
        public string? Outcome(IStringLocalizer text) => Counts is { } c
            ? text["{0:N0} accepted, {1:N0} amended, {2:N0} duplicates, {3:N0} rejected in {4:0.#} s", c.Accepted, c.Amended, c.Duplicates, c.Rejected, c.Seconds].Value
            : null;

        public long Rejected => Counts?.Rejected ?? 0;

        public string StatusClass => View.Status == JobStatus.Succeeded ? "ok" : View.Status is JobStatus.Failed or JobStatus.Cancelled ? "bad" : "";

        private ImportCounts? Counts
        {
            get
            {
                if (ImportedFile is null || string.IsNullOrEmpty(View.Result))
                {
                    return null;
                }
                try
                {
                    return JsonSerializer.Deserialize<ImportCounts>(View.Result, JsonSerializerOptions.Web);
                }
                catch (JsonException)
                {
                    return null;
                }
            }
        }

        private sealed record ImportCounts(long Accepted, long Rejected, long Duplicates, long Amended, double Seconds);
    }

    public TableQuery Table { get; private set; } = null!;
    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>A running job's progress for the page's script (jobs.js), its words in the reader's language.</summary>
    public async Task<IActionResult> OnGetProgressAsync(Guid id, CancellationToken ct)
    {
        var job = await JobQueue.GetAsync(db, Actor.FromPrincipal(User), id, ct);
        return new JsonResult(new
        {
            job.Id, Status = job.Status.ToString(), job.Done, job.Total, job.Fraction,
            Message = text.Message(job), Error = string.Join(" · ", text.Errors(job)),
        });
    }

    /// <summary>One row as the server renders it: the page swaps it in when a job finishes.</summary>
    public async Task<IActionResult> OnGetRowAsync(Guid id, CancellationToken ct)
    {
        var view = await JobQueue.GetAsync(db, Actor.FromPrincipal(User), id, ct);
        var files = await ImportedFilesAsync([view], ct);
        return Partial("_JobRow", new Row(view, files.GetValueOrDefault(view.Id)));
    }

    public async Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct)
    {
        await JobQueue.CancelAsync(db, Actor.FromPrincipal(User), id, clock.GetUtcNow(), ct);
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Table = new TableQuery(Request, "created", defaultDescending: true);
        var jobs = await JobQueue.ListAsync(db, Actor.FromPrincipal(User), 1000, ct);
        var files = await ImportedFilesAsync(jobs, ct);
        Rows = Table.Apply(jobs.Select(j => new Row(j, files.GetValueOrDefault(j.Id))), new Dictionary<string, Func<Row, IComparable?>>
        {
            ["created"] = r => r.View.CreatedAt.UtcTicks,
            ["title"] = r => text.Title(r.View),
            ["status"] = r => r.View.Status.ToString(),
        });
    }

    /// <summary>The uploaded file's name per import job: its rejected records wait in the quarantine under that source.</summary>
    private async Task<Dictionary<Guid, string>> ImportedFilesAsync(IReadOnlyList<JobView> jobs, CancellationToken ct)
    {
        var ids = jobs.Where(j => j.Kind == ImportJob.JobKind).Select(j => j.Id).ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var payloads = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).Select(j => new { j.Id, j.Payload }).ToListAsync(ct);
        var files = new Dictionary<Guid, string>();
        foreach (var p in payloads)
        {
            try
            {
                if (JsonSerializer.Deserialize<UploadedFile>(p.Payload, JsonSerializerOptions.Web) is { FileName: { } name })
                {
                    files[p.Id] = name;
                }
            }
            catch (JsonException)
            {
            }
        }
        return files;
    }

    /// <summary>The part of an import's payload the page needs (<see cref="ImportJobPayload"/>).</summary>
    private sealed record UploadedFile(string? FileName);
}
