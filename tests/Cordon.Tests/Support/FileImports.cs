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
        for (var i = 0; i < 300; i++)
        {
            var job = await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}", ct);
            if (job.GetProperty("status").GetString() is "Succeeded" or "Failed")
            {
                return job;
            }
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"The import of {fileName} did not finish.");
    }
}
