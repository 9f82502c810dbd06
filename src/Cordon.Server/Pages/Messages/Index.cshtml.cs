using Cordon.Common;
using Cordon.Identity;
using Cordon.Messaging;
using Cordon.Server.Ui;
using Cordon.Sharing;
using Cordon.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cordon.Server.Pages.Messages;

/// <summary>The channels the reader's agency is a member of (unread counts), one conversation, and the post form with the Warning and Feedback templates.</summary>
[RequestSizeLimit(ChannelMessages.MaxRequestBytes)]
public sealed class IndexModel(CordonDb db, ChannelKeys keys, TimeProvider time, IStringLocalizer<UiText> localizer) : PageModel, IShowsRefusals
{
    public Actor Actor => Actor.FromPrincipal(User);
    public List<ChannelView> Channels { get; private set; } = [];
    public ChannelView? Current { get; private set; }
    public List<MessageView> Conversation { get; private set; } = [];
    /// <summary>What the reader searched for, and what was found in the channels they may read (null when no search).</summary>
    public string? Query { get; private set; }
    public List<MessageView>? Found { get; private set; }

    public async Task OnGetAsync(Guid? channel, string? q, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(q))
        {
            Query = q.Trim();
            Found = await ChannelMessages.SearchAsync(db, await RequestPurpose.PolicyAsync(HttpContext, db, ct), keys, Query, ct: ct);
        }
        await LoadAsync(channel, ct);
    }

    public async Task<IActionResult> OnPostAsync(Guid channel, string? template, string? text, string? marking, Guid? replyTo, string? what, string? where, DateTime? when,
        string? vehicle, string? confidence, Guid? onMessage, string? result, string? seizure, string? returnTo, List<IFormFile> files, CancellationToken ct)
    {
        var attachments = await FormFiles.AttachmentsAsync(files, ct);
        var input = template switch
        {
            "warning" => new MessageInput(text, replyTo, marking, null,
                new WarningInput(what, where, when is { } w ? new DateTimeOffset(DateTime.SpecifyKind(w, DateTimeKind.Utc)) : null, vehicle, confidence)),
            "feedback" => new MessageInput(text, replyTo ?? onMessage, marking, null, Feedback: new FeedbackInput(onMessage, result)),
            "seizure-report" => new MessageInput(text, replyTo, marking, null,
                SeizureReport: Guid.TryParse(seizure, out var id) ? new SeizureReportInput(id) : new SeizureReportInput(null, seizure)),
            _ => new MessageInput(text, replyTo, marking),
        } with { Attachments = attachments };
        await ChannelMessages.PostAsync(db, Actor, keys, channel, input, time.GetUtcNow(), ct);
        return Redirect(Url.IsLocalUrl(returnTo) ? returnTo : $"/messages?channel={channel}");
    }

    /// <summary>The channel panel's "start a channel" for an operation, case or incident: the reader's agency owns it; back to the record's page.</summary>
    public async Task<IActionResult> OnPostStartAsync(string? kind, Guid? linkId, string? name, string? returnTo, CancellationToken ct)
    {
        var created = await global::Cordon.Messaging.Channels.CreateAsync(db, Actor, keys, new ChannelInput(kind, linkId, name, null, null, null, null, null), time.GetUtcNow(), ct);
        return Redirect(Url.IsLocalUrl(returnTo) ? returnTo : $"/messages?channel={created.Id}");
    }

    /// <summary>The owner adds an agency (by code), or one of its users, to the channel.</summary>
    public async Task<IActionResult> OnPostAddMemberAsync(Guid channel, string? agency, string? user, CancellationToken ct)
    {
        await global::Cordon.Messaging.Channels.AddMemberAsync(db, Actor, channel, new MemberInput(agency, user), time.GetUtcNow(), ct);
        return Redirect($"/messages?channel={channel}");
    }

    /// <summary>The owner removes a member (the row stays, ended, with who and when).</summary>
    public async Task<IActionResult> OnPostRemoveMemberAsync(Guid channel, string? agency, string? user, CancellationToken ct)
    {
        await global::Cordon.Messaging.Channels.RemoveMemberAsync(db, Actor, channel, new MemberInput(agency, user), time.GetUtcNow(), ct);
        return Redirect($"/messages?channel={channel}");
    }

    /// <summary>A refused post or new channel: the messages page, on the channel posted to if any.</summary>
    public Task ReloadAsync(CancellationToken ct)
        => LoadAsync(Guid.TryParse(Request.Form["channel"], out var posted) ? posted : null, ct);

    private async Task LoadAsync(Guid? channel, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        Channels = await global::Cordon.Messaging.Channels.ListAsync(db, Actor, now, ct);
        var id = channel ?? Channels.FirstOrDefault()?.Id;
        if (id is not { } open || Channels.All(c => c.Id != open))
        {
            if (channel is not null)
            {
                ModelState.AddCordonError(new NotFound($"No channel {channel} that you are a member of."), localizer);
            }
            return;
        }
        var policy = await RequestPurpose.PolicyAsync(HttpContext, db, ct);
        Conversation = await ChannelMessages.ListAsync(db, policy, keys, open, ct);
        // Opening the conversation is reading it: receipts for what the reader was shown, then the counts without it.
        await ChannelMessages.MarkReadAsync(db, policy, open, now, ct);
        Channels = await global::Cordon.Messaging.Channels.ListAsync(db, Actor, now, ct);
        Current = Channels.First(c => c.Id == open);
    }
}
