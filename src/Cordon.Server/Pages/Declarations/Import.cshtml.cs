using Cordon.Declarations;
using Cordon.Identity;
using Cordon.Server.Ui;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Declarations;

[RequestSizeLimit(DeclarationEndpoints.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = DeclarationEndpoints.MaxUploadBytes)]
public sealed class ImportModel(CordonDb db, IConfiguration configuration, TimeProvider clock, IStringLocalizer<UiText> text) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string Kind { get; set; } = "declarations";
    [BindProperty] public string Format { get; set; } = "csv";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            ModelState.AddModelError(nameof(Upload), text["Choose a file to import."]);
            return Page();
        }
        await using (var stream = Upload.OpenReadStream())
        {
            // An interchange says itself what it holds (CUSDEC declarations, CUSCAR bills); the other formats carry one kind.
            if (Format == ImportJob.Interchange)
            {
                await ImportJob.EnqueueInterchangeAsync(db, Actor.FromPrincipal(User), configuration, stream, Upload.FileName, clock.GetUtcNow(), ct);
            }
            else
            {
                await ImportJob.EnqueueAsync(db, Actor.FromPrincipal(User), configuration, stream, Upload.FileName, DeclarationFiles.ParseFormat(Format),
                    Kind == "consignments" ? IntakeKind.Consignment : IntakeKind.Declaration, clock.GetUtcNow(), ct);
            }
        }
        // The jobs page shows the import's progress live.
        return Redirect("/jobs");
    }
}
