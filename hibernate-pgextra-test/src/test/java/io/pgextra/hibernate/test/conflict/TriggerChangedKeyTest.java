package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictResult;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.RowOutcome;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.PersistenceException;

/**
 * A BEFORE INSERT trigger that changes the conflict key: a row the library cannot match back by key is never given
 * a wrong outcome nor written twice; it is matched when it can only be that row, otherwise the call fails naming it,
 * with nothing left behind.
 */
class TriggerChangedKeyTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void trigger() {
		db.execute( "TRUNCATE tally" );
		db.execute( "CREATE OR REPLACE FUNCTION tally_lower() RETURNS trigger LANGUAGE plpgsql AS"
				+ " $$ BEGIN NEW.name := lower(NEW.name); RETURN NEW; END $$" );
		db.execute( "DROP TRIGGER IF EXISTS tally_lower ON tally" );
		db.execute( "CREATE TRIGGER tally_lower BEFORE INSERT ON tally FOR EACH ROW EXECUTE FUNCTION tally_lower()" );
	}

	private static Map<String, Object> row(String name, int hits) {
		return Map.of( "name", name, "hits", hits );
	}

	@Test
	void oneRowWhoseKeyATriggerChangedIsReportedInsertedAndWrittenOnce() {
		List<ConflictResult> results = db.fromTransaction( em -> PgExtraEntityManager.of( em ).onConflict( Tally.class,
				NAME ).doUpdate().bulkInsertMapsForResults( List.of( row( "A@X", 1 ), row( "b@x", 2 ) ) ) );
		assertThat( results ).extracting( ConflictResult::outcome ).containsExactly( RowOutcome.INSERTED, RowOutcome.INSERTED );
		assertThat( db.rows( "SELECT id, name, hits, version FROM tally ORDER BY name" ) ).containsExactly(
				Map.of( "id", results.get( 0 ).id(), "name", "a@x", "hits", 1, "version", 0L ),
				Map.of( "id", results.get( 1 ).id(), "name", "b@x", "hits", 2, "version", 0L ) );
	}

	@Test
	void rowsThatCannotBeToldApartFailTheCallNamingTheRowAndLeaveNothing() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, NAME, row( "kept", 0 ) ) );
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Tally.class, NAME,
				List.of( row( "ok", 0 ), row( "A@X", 1 ), row( "B@X", 2 ) ) ) ) )
				.isInstanceOf( PersistenceException.class )
				.hasMessageContaining( "wrote 2 row(s) whose conflict key [name] differs from every proposed one" )
				.hasMessageContaining( "(first: row 1, key [A@X])" )
				.hasMessageContaining( "trigger or rule" );
		assertThat( db.rows( "SELECT name FROM tally" ) ).containsExactly( Map.of( "name", "kept" ) );
	}
}
