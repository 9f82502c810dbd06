using Cordon.Cases;
using Cordon.Storage;

namespace Cordon.Server.Pages.Cases;

public sealed class StatisticsModel(CordonDb db) : CasePage(db)
{
    public SeizureStatistics Stats { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
        => Stats = SeizureReporting.Statistics(await SeizureReporting.RowsAsync(Db, await PolicyAsync(ct), null, null, ct));
}
