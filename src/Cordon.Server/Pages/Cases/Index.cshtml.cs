using Cordon.Cases;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Cases;

public sealed class IndexModel(CordonDb db, IStringLocalizer<UiText> text) : CasePage(db, text)
{
    public List<CaseRow> Cases { get; private set; } = [];

    [BindProperty]
    public NewCaseForm Form { get; set; } = new();

    public sealed class NewCaseForm
    {
        public string? Title { get; set; }
        public string? Summary { get; set; }
        public string? Participants { get; set; }
        public string? Marking { get; set; } = "TLP:AMBER";
    }

    public async Task OnGetAsync(CancellationToken ct) => Cases = await EnforcementCases.ListAsync(Db, await PolicyAsync(ct), ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Guid? created = null;
        var result = await ChangeAsync(async () =>
        {
            var view = await EnforcementCases.CreateAsync(Db, Me, new NewCase(Form.Title, Form.Summary,
                (Form.Participants ?? "").Split([',', ' '], StringSplitOptions.RemoveEmptyEntries), Form.Marking), ct);
            created = view.Id;
            return Text["Case {0} opened.", view.Reference];
        }, () => OnGetAsync(ct));
        return created is { } id ? Redirect($"/cases/{id}") : result;
    }
}
