using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

public sealed class DeadlinesModel(CordonDb db, TimeProvider clock, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public List<Deadline> Rows { get; private set; } = [];

    public List<Deadline> Approvals { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var policy = await PolicyAsync(ct);
        var now = clock.GetUtcNow();
        Rows = await Deadlines.ListAsync(Db, policy, now, ct);
        Approvals = await Deadlines.AwaitingSupervisorAsync(Db, policy, now, ct);
    }
}
