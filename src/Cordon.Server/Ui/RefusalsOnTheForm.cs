using Cordon.Common;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Ui;

/// <summary>A page that shows a refusal on its form loads again what the form shows beside it (lists, the record).</summary>
public interface IShowsRefusals
{
    Task ReloadAsync(CancellationToken ct);
}

/// <summary>
/// The one way a page shows an operation's refusal: a form post the operation refuses (any
/// <see cref="CordonException"/>), or a query it finds invalid (<see cref="ValidationFailed"/> on a read),
/// comes back as the same page with the refusal in the reader's words — field errors beside their fields,
/// anything else at the top — and whatever the page shows loaded again. Pages throw; they do not catch.
/// A missing or forbidden record on a read stays what it is (404/403 page), as the problem mapping says.
/// A page that must show a refusal differently catches it itself.
/// </summary>
public sealed class RefusalsOnTheForm(IStringLocalizer<UiText> text) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var done = await next();
        if (done.ExceptionHandled || done.Exception is not CordonException refusal || !ShowsOnTheForm(context.HttpContext.Request, refusal))
        {
            return;
        }
        done.ExceptionHandled = true;
        // Nothing of the refused action stays tracked: the page shows the store as it is.
        context.HttpContext.RequestServices.GetService<CordonDb>()?.ChangeTracker.Clear();
        context.ModelState.AddCordonError(refusal, text);
        if (done.HandlerInstance is IShowsRefusals page)
        {
            await page.ReloadAsync(context.HttpContext.RequestAborted);
        }
        done.Result = new PageResult();
    }

    private static bool ShowsOnTheForm(HttpRequest request, CordonException refusal)
        => refusal is ValidationFailed || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method));
}

public static class PageRoutes
{
    /// <summary>The record id in the page's route ("{id}"), for loading the page again after a refusal.</summary>
    public static Guid RouteId(this PageModel page) => Guid.Parse(page.RouteData.Values["id"]?.ToString() ?? "");
}
