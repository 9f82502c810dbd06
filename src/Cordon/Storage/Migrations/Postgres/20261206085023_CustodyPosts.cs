using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Cordon.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CustodyPosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "custody_posts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Place = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_posts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_custody_posts_agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "custody_post_holders",
                columns: table => new
                {
                    PostId = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_post_holders", x => new { x.PostId, x.UserId });
                    table.ForeignKey(
                        name: "FK_custody_post_holders_custody_posts_PostId",
                        column: x => x.PostId,
                        principalTable: "custody_posts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_custody_post_holders_users_UserId",
                        column: x => x.UserId,
                        principalTable: "users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_custody_post_holders_UserId",
                table: "custody_post_holders",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_custody_posts_AgencyId",
                table: "custody_posts",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_custody_posts_Name",
                table: "custody_posts",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "custody_post_holders");

            migrationBuilder.DropTable(
                name: "custody_posts");
        }
    }
}
