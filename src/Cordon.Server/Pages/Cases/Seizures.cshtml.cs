using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

public sealed class SeizuresModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public List<Seizures.SeizureRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await Seizures.ListAsync(Db, await PolicyAsync(ct), null, ct);
}
