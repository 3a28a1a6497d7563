package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A schema change made while the application runs does not change what an upsert stores. */
class SchemaChangeTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	private static Map<String, Object> row(String name, String amount) {
		return Map.of( "name", name, "hits", 0, "amount", new BigDecimal( amount ) );
	}

	@Test
	void aWidenedNumericColumnStoresTheFullValueWithoutRestart() {
		db.execute( "TRUNCATE tally" );
		db.execute( "ALTER TABLE tally ALTER COLUMN amount TYPE numeric(10,2)" );
		// the first call caches the table's catalog: amount is numeric(10,2)
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, NAME, row( "before", "1.2345" ) ) );
		db.execute( "ALTER TABLE tally ALTER COLUMN amount TYPE numeric(12,4)" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, NAME, row( "single", "1.2345" ) ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Tally.class, NAME,
				List.of( row( "bulk1", "1.2345" ), row( "bulk2", "2.3456" ) ) ) );
		assertThat( db.rows( "SELECT name, amount::text AS amount FROM tally ORDER BY name" ) ).containsExactly(
				Map.of( "name", "before", "amount", "1.2300" ), Map.of( "name", "bulk1", "amount", "1.2345" ),
				Map.of( "name", "bulk2", "amount", "2.3456" ), Map.of( "name", "single", "amount", "1.2345" ) );
	}
}
