using Cordon.Common;
using Cordon.Identity;
using Cordon.Screening.Lists;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Screening;

// List files are larger than the default request limit (the UN XML is 2 MB, OFAC 3.5 MB; OpenSanctions exports more).
[RequestSizeLimit(64 * 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = 64 * 1024 * 1024)]
public sealed class ListsModel(CordonDb db, IStringLocalizer<UiText> text) : PageModel, IShowsRefusals
{
    [BindProperty(SupportsGet = true)] public string? List { get; set; }
    [BindProperty] public string? Format { get; set; } = "un-xml";
    [BindProperty] public string? ListName { get; set; }
    [BindProperty] public string? Marking { get; set; } = "clear";
    [BindProperty] public List<IFormFile> Files { get; set; } = [];
    [BindProperty] public double? Block { get; set; }
    [BindProperty] public double? Review { get; set; }
    public string? Message { get; private set; }
    public IReadOnlyList<WatchListView> Lists { get; private set; } = [];
    public WatchListHistory? History { get; private set; }
    public bool CanManage => Actor.FromPrincipal(User) is var a && (a.IsOperator || a.Has(Roles.Analyst) || a.Has(Roles.AgencyAdmin));

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>Imports an uploaded edition: one file, or for OFAC the three CSV files.</summary>
    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"cordon-upload-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            if (Files.Count == 0)
            {
                throw ValidationFailed.Field("files", "Choose the list file (for OFAC: sdn.csv, alt.csv and add.csv).");
            }
            foreach (var file in Files)
            {
                await using var target = System.IO.File.Create(Path.Combine(folder, UploadName(file)));
                await file.CopyToAsync(target, ct);
            }
            var format = ListFormats.Parse(Format);
            var path = format == ListFormat.OfacCsv ? folder : Path.Combine(folder, UploadName(Files[0]));
            var marking = Marking switch { "green" => Tlp.Green, "amber" => Tlp.Amber, "amber-strict" => Tlp.AmberStrict, "red" => Tlp.Red, _ => Tlp.Clear };
            var result = await ListImport.ImportAsync(db, Actor.FromPrincipal(User), new ListImportRequest(path, Format!, ListName ?? "", null, marking), null, ct);
            Message = result.Unchanged
                ? text["{0}: this edition is already version {1}; nothing changed.", result.List, result.Version]
                : text["{0}: version {1} recorded: {2} entries, {3} added, {4} changed, {5} removed. Stored parties are being re-screened against the changes (progress under Screening hits and Background jobs).",
                    result.List, result.Version, result.Entries.ToString("N0"), result.Added.ToString("N0"), result.Changed.ToString("N0"), result.Removed.ToString("N0")];
            List = result.List;
        }
        catch (ValidationFailed e)
        {
            // The file and line at fault are the point of the message: kept in the one sentence at the top
            // (beside a field, the summary would show the message without them). Other refusals: RefusalsOnTheForm.
            ModelState.AddModelError("", text.Say(e));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Only the file name is kept, so an upload never writes outside its own folder.</summary>
    private string UploadName(IFormFile file)
        => FileNames.Bare(file.FileName) ?? throw ValidationFailed.Field("files", $"'{file.FileName}' is not a file name: upload the list file itself.");

    public async Task<IActionResult> OnPostThresholdsAsync(CancellationToken ct)
    {
        var view = await ListCatalogue.SetThresholdsAsync(db, Actor.FromPrincipal(User), List ?? "", Block ?? double.NaN, Review ?? double.NaN, ct);
        Message = text["{0}: review from {1}, block from {2}.", view.Name, view.ReviewThreshold.ToString("0.00"), view.BlockThreshold.ToString("0.00")];
        await LoadAsync(ct);
        return Page();
    }

    public Task ReloadAsync(CancellationToken ct) => LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Lists = await ListCatalogue.ListAsync(db, ct);
        var selected = List ?? Lists.FirstOrDefault()?.Name;
        if (selected is not null && Lists.Any(l => l.Name == selected))
        {
            History = await ListCatalogue.HistoryAsync(db, selected, 200, ct, new Cordon.Screening.Matching.ListVisibility(Actor.FromPrincipal(User).AgencyId));
            List = selected;
        }
    }
}
