using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Cordon.Common;

/// <summary>Turns a <see cref="CordonException"/> into RFC 9457 Problem Details; anything else is a 500 without internals.</summary>
public sealed class ProblemMapping(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is BadHttpRequestException bad)
        {
            context.Response.StatusCode = bad.StatusCode;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new ProblemDetails { Status = bad.StatusCode, Title = bad.StatusCode == 413 ? "The request body is too large." : "The request is malformed.", Detail = bad.Message },
                Exception = exception,
            });
        }
        if (exception is not CordonException cordon)
        {
            return false;
        }
        context.Response.StatusCode = cordon.Status;
        ProblemDetails details = cordon is ValidationFailed v
            ? new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value)) { Status = 400, Title = cordon.Title, Detail = cordon.Message }
            : new ProblemDetails { Status = cordon.Status, Title = cordon.Title, Detail = cordon.Message };
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }
}
