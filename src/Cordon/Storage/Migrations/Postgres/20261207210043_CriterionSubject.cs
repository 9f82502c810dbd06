using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CriterionSubject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "risk_criterion_versions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Declaration"); // every criterion before this one judged declarations

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "risk_criteria",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Declaration"); // every criterion before this one judged declarations
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Subject",
                table: "risk_criterion_versions");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "risk_criteria");
        }
    }
}
