using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PolicyIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId",
                table: "pre_arrival_consignments");

            migrationBuilder.DropIndex(
                name: "IX_declarations_OwningAgencyId",
                table: "declarations");

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId_Marking",
                table: "pre_arrival_consignments",
                columns: new[] { "OwningAgencyId", "Marking" });

            migrationBuilder.CreateIndex(
                name: "IX_declarations_OwningAgencyId_Marking",
                table: "declarations",
                columns: new[] { "OwningAgencyId", "Marking" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId_Marking",
                table: "pre_arrival_consignments");

            migrationBuilder.DropIndex(
                name: "IX_declarations_OwningAgencyId_Marking",
                table: "declarations");

            migrationBuilder.CreateIndex(
                name: "IX_pre_arrival_consignments_OwningAgencyId",
                table: "pre_arrival_consignments",
                column: "OwningAgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_declarations_OwningAgencyId",
                table: "declarations",
                column: "OwningAgencyId");
        }
    }
}
