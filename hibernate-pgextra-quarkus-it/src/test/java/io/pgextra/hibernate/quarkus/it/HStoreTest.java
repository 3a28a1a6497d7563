package io.pgextra.hibernate.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The hstore mapping README recommends, with {@code @HStoreUnique}, in a Quarkus application whose schema comes
 * from {@code quarkus.hibernate-orm.schema-management.strategy=update} on an empty schema.
 */
@QuarkusTest
@WithTestResource(PgExtraPostgresResource.class)
class HStoreTest {

	@Inject
	Inventory inventory;

	@Inject
	DataSource dataSource;

	@Test
	void schemaManagementCreatesTheUniqueIndex() throws SQLException {
		try ( Connection c = dataSource.getConnection();
				PreparedStatement ps = c.prepareStatement(
						"SELECT indexdef FROM pg_indexes WHERE schemaname = ? AND indexname = ?" ) ) {
			ps.setString( 1, PgExtraPostgresResource.SCHEMA );
			ps.setString( 2, "qit_listing_attributes_unique_ean" );
			try ( ResultSet rs = ps.executeQuery() ) {
				assertThat( rs.next() ).as( "index qit_listing_attributes_unique_ean" ).isTrue();
				assertThat( rs.getString( 1 ) )
						.startsWith( "CREATE UNIQUE INDEX qit_listing_attributes_unique_ean ON "
								+ PgExtraPostgresResource.SCHEMA + ".qit_listing" )
						.contains( "(attributes -> 'ean'::text)" );
			}
		}
	}

	@Test
	void upsertOnAnHStoreKeyUpdatesTheRowWithThatKey() throws SQLException {
		Long first = inventory.list( Map.of( "ean", "4006381333931", "colour", "red" ) );
		Long other = inventory.list( Map.of( "ean", "5012345678900", "colour", "blue" ) );
		Long again = inventory.list( Map.of( "ean", "4006381333931", "colour", "green" ) );

		assertThat( again ).isEqualTo( first );
		assertThat( other ).isNotEqualTo( first );
		assertThat( colours() ).containsExactly(
				first + ":4006381333931:green",
				other + ":5012345678900:blue" );
	}

	/** "id:ean:colour" of every listing, by id, read with plain JDBC. */
	private List<String> colours() throws SQLException {
		List<String> rows = new ArrayList<>();
		try ( Connection c = dataSource.getConnection();
				PreparedStatement ps = c.prepareStatement(
						"SELECT id, attributes -> 'ean', attributes -> 'colour' FROM qit_listing ORDER BY id" );
				ResultSet rs = ps.executeQuery() ) {
			while ( rs.next() ) {
				rows.add( rs.getLong( 1 ) + ":" + rs.getString( 2 ) + ":" + rs.getString( 3 ) );
			}
		}
		return rows;
	}
}
