using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cordon.Tests.Support;

/// <summary>A declarations file sent as a client sends one: uploaded, then <c>/api/jobs/{id}</c> asked until its import job has finished.</summary>
public static class FileImports
{
    public static async Task<JsonElement> ImportCsvAsync(HttpClient client, string fileName, string csv)
    {
        var ct = TestContext.Current.CancellationToken;
        var upload = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        upload.Headers.Add("X-File-Name", fileName);
        var accepted = await client.PostAsync("/api/declarations/import?format=csv", upload, ct);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        return await FinishedJobAsync(client, id, TimeSpan.FromSeconds(30), $"the import of {fileName}", ct);
    }

    /// <summary>Waits until the job has succeeded or failed, and returns it as <c>/api/jobs/{id}</c> shows it.</summary>
    public static async Task<JsonElement> FinishedJobAsync(HttpClient client, Guid id, TimeSpan within, string what, CancellationToken ct)
    {
        JsonElement job = default;
        await Eventually.UntilAsync(async () => (job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}", ct)).GetProperty("status").GetString() is "Succeeded" or "Failed",
            within, () => $"{what} did not finish within {within.TotalSeconds} s: {job}");
        return job;
    }
}
