using Cordon.Cases;
using Cordon.Storage;

namespace Cordon.Server.Pages.Cases;

public sealed class InspectionsModel(CordonDb db) : CasePage(db)
{
    public List<InspectionView> Rows { get; private set; } = [];
    public string? Status { get; private set; }

    public async Task OnGetAsync(string? status, CancellationToken ct)
    {
        Status = status;
        Rows = await Inspections.ListAsync(Db, await PolicyAsync(ct), null, string.IsNullOrEmpty(status) ? null : status, ct);
        // The worklist: what still needs an outcome first, red before yellow.
        Rows = Rows.OrderBy(r => r.Outcome is not null).ThenByDescending(r => r.Lane == "red").ThenBy(r => r.Reference, StringComparer.Ordinal).ToList();
    }
}
