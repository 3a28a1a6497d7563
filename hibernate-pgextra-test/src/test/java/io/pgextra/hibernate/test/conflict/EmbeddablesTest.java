package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Email;
import io.pgextra.hibernate.test.model.MyModel;
import io.pgextra.hibernate.test.conflict.model.Address;
import io.pgextra.hibernate.test.conflict.model.Geo;
import io.pgextra.hibernate.test.conflict.model.Site;
import io.pgextra.hibernate.test.conflict.model.Stall;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Null, nested and converted embeddables; one transient instance upserted twice. */
class EmbeddablesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Site.class, Address.class, Geo.class, MyModel.class, Stall.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE site, mymodel, stall" );
	}

	@Test
	void nullEmbeddableOverwritesItsColumnsWithNull() {
		Address a = new Address();
		a.city = "Delft";
		a.contact = new Email( "X@Example.com" );
		a.geo = new Geo();
		a.geo.lat = 52.0;
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Site.class, NAME, Map.of( "name", "s", "address", a ) ) );
		assertThat( db.rows( "SELECT city, contact, lat FROM site" ) )
				.containsExactly( Map.of( "city", "Delft", "contact", "mailto:x@example.com", "lat", 52.0 ) );
		Map<String, Object> values = new HashMap<>();
		values.put( "name", "s" );
		values.put( "address", null );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Site.class, NAME, values ) );
		assertThat( db.rows( "SELECT city IS NULL AND contact IS NULL AND lat IS NULL AS all_null FROM site" ) )
				.containsExactly( Map.of( "all_null", true ) );
	}

	@Test
	void nestedAndConvertedEmbeddedPaths() {
		Site s = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsertAndGet( Site.class, NAME,
				Map.of( "name", "t", "address.geo.lon", 4.3, "address.contact", new Email( "Y@Example.com" ) ) ) );
		assertThat( s.address.geo.lon ).isEqualTo( 4.3 );
		assertThat( s.address.contact ).isEqualTo( new Email( "y@example.com" ) );
		assertThat( db.rows( "SELECT contact FROM site" ) ).containsExactly( Map.of( "contact", "mailto:y@example.com" ) );
	}

	@Test
	void embeddedPathIsWrittenWhenAnEntityAttributeAtTheSamePositionIsGenerated() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Stall.class, NAME,
				Map.of( "name", "s", "location.lat", 1.5, "location.lon", 2.5 ) ) );
		assertThat( db.rows( "SELECT lat, lon FROM stall" ) ).containsExactly( Map.of( "lat", 1.5, "lon", 2.5 ) );
	}

	@Test
	void sameTransientInstanceUpsertedTwiceInOneTransaction() {
		db.inTransaction( em -> {
			PgExtraEntityManager pg = PgExtraEntityManager.of( em );
			MyModel input = new MyModel( "same", "1" );
			MyModel first = pg.upsertAndGet( ConflictTarget.attributes( "myfield" ), input );
			input.note = "2";
			MyModel second = pg.upsertAndGet( ConflictTarget.attributes( "myfield" ), input );
			assertThat( second ).isSameAs( first ).isNotSameAs( input );
			assertThat( second.note ).isEqualTo( "2" );
			assertThat( input.id ).isNull();
		} );
	}
}
