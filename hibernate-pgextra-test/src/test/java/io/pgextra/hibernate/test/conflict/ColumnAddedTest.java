package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Tally;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A mapped column added by a migration after the table's catalog was cached is found without a restart. A class of
 * its own: the catalog is cached per session factory, and this one must first be cached without the column.
 */
class ColumnAddedTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Tally.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@Test
	void aColumnAddedWhileTheApplicationRunsIsFound() {
		db.execute( "ALTER TABLE tally DROP COLUMN label" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, NAME, Map.of( "name", "a", "hits", 0 ) ) );
		db.execute( "ALTER TABLE tally ADD COLUMN label varchar(255)" );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Tally.class, NAME,
				Map.of( "name", "b", "hits", 0, "label", "here" ) ) );
		assertThat( db.rows( "SELECT label FROM tally WHERE name = 'b'" ) ).containsExactly( Map.of( "label", "here" ) );
	}
}
