using Cordon.Common;

namespace Cordon.Server.Ui;

/// <summary>Files chosen on a form, as the attachments the features check (<see cref="AttachedFiles"/>).</summary>
public static class FormFiles
{
    public static async Task<NewAttachment[]> AttachmentsAsync(IEnumerable<IFormFile> files, CancellationToken ct)
    {
        var attachments = new List<NewAttachment>();
        foreach (var file in files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)))
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            attachments.Add(new NewAttachment { FileName = file.FileName, ContentType = file.ContentType, Content = buffer.ToArray() });
        }
        return [.. attachments];
    }
}
