using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

public sealed class DeadlinesModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public List<Deadline> Rows { get; private set; } = [];

    public List<Deadline> Approvals { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var policy = await PolicyAsync(ct);
        Rows = await Deadlines.ListAsync(Db, policy, DateTimeOffset.UtcNow, ct);
        Approvals = await Deadlines.AwaitingSupervisorAsync(Db, policy, DateTimeOffset.UtcNow, ct);
    }
}
