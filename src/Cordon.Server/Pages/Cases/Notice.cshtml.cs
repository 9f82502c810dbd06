using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

/// <summary>The seizure notice to the owner or declarant, generated from the record, print-ready.</summary>
public sealed class NoticeModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public SeizureView? View { get; private set; }
    public string? Agency { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ReadAsync(async () =>
    {
        View = (await Seizures.ReadViewAsync(Db, await PolicyAsync(ct), id, ct)).View;
        Agency = (await Db.Agencies.FindAsync([View.OwningAgencyId], ct))?.Name;
    });
}
