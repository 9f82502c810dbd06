using Cordon.Cases;
using Cordon.Messaging;
using Cordon.Server.Pages.Messages;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

public sealed class CaseModel(CordonDb db, ChannelKeys keys, TimeProvider clock, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public CaseView? View { get; private set; }
    public List<ChainReport>? Verification { get; private set; }
    public ChannelPanel? Panel { get; private set; }
    public bool IsLead => View is not null && Me.AgencyId == View.OwningAgencyId;

    [BindProperty] public string? NoteText { get; set; }
    [BindProperty] public string? TaskTitle { get; set; }
    [BindProperty] public string? TaskAgency { get; set; }
    [BindProperty] public string? TaskAssignee { get; set; }
    [BindProperty] public DateOnly? TaskDue { get; set; }
    [BindProperty] public string? PersonRole { get; set; }
    [BindProperty] public string? PersonName { get; set; }
    [BindProperty] public string? PersonIdentifier { get; set; }
    [BindProperty] public string? PersonCountry { get; set; }
    [BindProperty] public bool PersonCompany { get; set; }
    [BindProperty] public int Version { get; set; }
    [BindProperty] public string? Participants { get; set; }
    [BindProperty] public string? Status { get; set; }

    public Task<IActionResult> OnGetAsync(Guid id, bool verify, CancellationToken ct) => ReadAsync(async () =>
    {
        await LoadAsync(id, ct);
        Panel = await ChannelPanel.LoadAsync(HttpContext, Db, keys, ChannelKind.Case, id, View!.Reference, clock.GetUtcNow(), ct);
        if (verify)
        {
            Verification = await Custody.VerifyCaseAsync(Db, id, ct);
        }
    });

    private async Task LoadAsync(Guid id, CancellationToken ct) => View = (await EnforcementCases.ReadViewAsync(Db, await PolicyAsync(ct), id, null, ct)).View;

    public Task<IActionResult> OnPostNoteAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () => { await EnforcementCases.AddNoteAsync(Db, Me, id, new NewNote(NoteText), ct); return Text["Note added."]; }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostTaskAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () => { await EnforcementCases.AddTaskAsync(Db, Me, id, new NewTask(TaskTitle, TaskAgency, TaskAssignee, TaskDue), ct); return Text["Task assigned."]; }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostDoneAsync(Guid id, long task, CancellationToken ct)
        => ChangeAsync(async () => { await EnforcementCases.CompleteTaskAsync(Db, Me, id, task, ct); return Text["Task done."]; }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostPersonAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () => { await EnforcementCases.AddPersonAsync(Db, Me, id, new NewPerson(PersonRole, PersonName, PersonIdentifier, PersonCountry, PersonCompany), ct); return Text["Person added."]; }, () => LoadAsync(id, ct));

    public Task<IActionResult> OnPostEditAsync(Guid id, CancellationToken ct)
        => ChangeAsync(async () =>
        {
            await EnforcementCases.UpdateAsync(Db, Me, id, new CaseChange(Version, null, null, Status,
                Participants is null ? null : Participants.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)), ct);
            return Text["Case updated."];
        }, () => LoadAsync(id, ct));
}
