using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

/// <summary>The custody record for court: print-ready HTML (the browser's "Save as PDF" gives the PDF).</summary>
public sealed class CustodyRecordModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public SeizureView? View { get; private set; }
    public ChainReport? Verification { get; private set; }
    public string? Agency { get; private set; }

    public Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) => ReadAsync(async () =>
    {
        View = (await Seizures.ReadViewAsync(Db, await PolicyAsync(ct), id, ct)).View;
        Verification = await Custody.VerifyAsync(Db, id, ct);
        Agency = (await Db.Agencies.FindAsync([View.OwningAgencyId], ct))?.Name;
    });
}
