package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Coded;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mapping features that change what is written: an upsert writes and reads as persist and find do. */
class MappingFeaturesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Coded.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE coded" );
	}

	@Test
	void aColumnTransformerIsAppliedOnWriteAndOnReadAsPersistDoes() {
		db.inTransaction( em -> {
			Coded c = new Coded();
			c.name = "persisted";
			c.code = "abc";
			em.persist( c );
		} );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Coded.class, NAME,
				Map.of( "name", "single", "code", "abc" ) ) );
		List<Map<String, Object>> rows = new ArrayList<>();
		for ( int i = 0; i < 3; i++ ) {
			rows.add( Map.of( "name", "bulk" + i, "code", "abc" ) );
		}
		db.inTransaction( em -> PgExtraEntityManager.of( em ).bulkUpsertMaps( Coded.class, NAME, rows ) );
		assertThat( db.rows( "SELECT DISTINCT code FROM coded" ) ).containsExactly( Map.of( "code", "ABC" ) );
		// on conflict: EXCLUDED holds the written (transformed) value
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Coded.class, NAME,
				Map.of( "name", "single", "code", "xyz" ) ) );
		assertThat( db.rows( "SELECT code FROM coded WHERE name = 'single'" ) ).containsExactly( Map.of( "code", "XYZ" ) );
		// read = lower(code), as find reads it
		Coded got = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsertAndGet( Coded.class, NAME,
				Map.of( "name", "got", "code", "Mixed" ) ) );
		assertThat( got.code ).isEqualTo( "mixed" );
		String found = db.fromTransaction( em -> em.find( Coded.class, got.id ).code );
		assertThat( found ).isEqualTo( "mixed" );
	}

	@Test
	void aConflictTargetOnATransformedColumnIsRejectedClearly() {
		assertThatThrownBy( () -> db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Coded.class,
				ConflictTarget.attributes( "code" ), Map.of( "name", "a", "code", "abc" ) ) ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "is part of the conflict target" )
				.hasMessageContaining( "@ColumnTransformer(write = \"upper(?)\")" );
		assertThat( db.count( "coded" ) ).isZero();
	}
}
