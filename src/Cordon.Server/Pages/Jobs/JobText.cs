using Cordon.Jobs;
using Cordon.Server.Ui;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Jobs;

/// <summary>A job's title, progress and refusal as a page says them, in the reader's language (the API keeps the English).</summary>
public static class JobText
{
    public static string Title(this IStringLocalizer text, JobView job) => text.Say(job.TitleWording);

    public static string? Message(this IStringLocalizer text, JobView job) => job.MessageWording is { } message ? text.Say(message) : null;

    /// <summary>Each problem the job failed with, one per line ("header: …" for a refused file's header).</summary>
    public static IReadOnlyList<string> Errors(this IStringLocalizer text, JobView job)
        => job.ErrorWordings.SelectMany(f => f.Value.Select(m => f.Key.Length == 0 ? text.Say(m) : $"{f.Key}: {text.Say(m)}")).ToList();
}
