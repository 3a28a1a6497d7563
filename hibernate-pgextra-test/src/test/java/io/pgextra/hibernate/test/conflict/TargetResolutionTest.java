package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.ConflictTargetException;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A target PostgreSQL cannot resolve, or resolves to another index than the one the caller described, fails the
 * whole call with the real cause, and without Hibernate logging a WARN for an error we explain ourselves.
 */
class TargetResolutionTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE tally" );
		db.execute( "DROP INDEX IF EXISTS tally_label_key" );
		db.execute( "DROP INDEX IF EXISTS tally_total_key" );
	}

	@Test
	void aUniqueIndexWithIncludedColumnsMatchesItsKeyColumns() {
		db.execute( "CREATE UNIQUE INDEX tally_total_key ON tally (total) INCLUDE (hits)" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, ConflictTarget.attributes( "total" ),
				Map.of( "name", "a", "total", 7L, "hits", 1 ) ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, ConflictTarget.attributes( "total" ),
				Map.of( "name", "b", "total", 7L, "hits", 2 ) ) );
		assertThat( db.rows( "SELECT name, hits FROM tally" ) ).containsExactly( Map.of( "name", "b", "hits", 2 ) );
	}

	@Test
	void aPredicateThatPostgresResolvesToThePlainUniqueIndexFailsTheCallWithTheCause() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, ConflictTarget.attributes( "name" ),
				Map.of( "name", "k", "label", "other", "hits", 0 ) ) );
		db.clearSql();
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Tally.class, ConflictTarget.attributes( "name" ).where( "label = 'x'" ), ConflictAction.NOTHING )
				.bulkInsertMaps( List.of( Map.of( "name", "fresh", "label", "x", "hits", 0 ),
						Map.of( "name", "k", "label", "x", "hits", 0 ) ) ) ) )
				.isInstanceOf( ConflictTargetException.class )
				.hasMessageStartingWith( "Row 1 of the insert into entity 'io.pgextra.hibernate.test.conflict.model.Tally'"
						+ " conflicted on [name] with a row that does not satisfy the target's predicate (label = 'x')" )
				.hasMessageContaining( "tally_name_key" );
		// the whole call: the row it did insert is gone, and it did not retry
		assertThat( db.rows( "SELECT name FROM tally" ) ).containsExactly( Map.of( "name", "k" ) );
		assertThat( db.sql() ).filteredOn( sql -> sql.contains( "INSERT" ) ).hasSize( 1 );
	}

	@Test
	void aTargetWithNoUniqueIndexFailsBeforeAnySqlAndLogsNoWarning() {
		PrintStream err = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		db.clearSql();
		System.setErr( new PrintStream( captured, true, StandardCharsets.UTF_8 ) );
		try {
			assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em )
					.upsert( Tally.class, ConflictTarget.attributes( "amount" ), Map.of( "name", "a", "amount", java.math.BigDecimal.ONE, "hits", 0 ) ) ) )
					.isInstanceOf( ConflictTargetException.class )
					.hasMessageStartingWith( "No unique index or constraint of table" )
					.hasMessageContaining( "matches the conflict target" );
		}
		finally {
			System.setErr( err );
		}
		String log = captured.toString( StandardCharsets.UTF_8 );
		assertThat( log ).doesNotContain( "42P10" ).doesNotContain( "no unique or exclusion constraint" )
				.doesNotContain( "HHH000247" );
		assertThat( db.sql() ).noneMatch( sql -> sql.contains( "INSERT" ) );
	}

	@Test
	void anIndexCreatedWhileTheApplicationRunsIsFoundWithoutRestart() {
		// the table's catalog is cached by the first call
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, ConflictTarget.attributes( "name" ),
				Map.of( "name", "a", "label", "l", "hits", 0 ) ) );
		db.execute( "CREATE UNIQUE INDEX tally_label_key ON tally (label)" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, ConflictTarget.attributes( "label" ),
				Map.of( "name", "b", "label", "l", "hits", 5 ) ) );
		assertThat( db.rows( "SELECT name, hits FROM tally" ) ).containsExactly( Map.of( "name", "b", "hits", 5 ) );
	}
}
