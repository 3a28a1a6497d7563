package io.pgextra.hibernate.test.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import io.pgextra.hibernate.ConflictAction;
import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.conflict.model.Animal;
import io.pgextra.hibernate.test.conflict.model.Dog;
import io.pgextra.hibernate.test.conflict.model.Truck;
import io.pgextra.hibernate.test.conflict.model.Vehicle;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SINGLE_TABLE and TABLE_PER_CLASS inheritance (README: both are supported, one INSERT writes one table). */
class InheritanceTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Animal.class, Dog.class, Vehicle.class, Truck.class );

	private static final ConflictTarget NAME = ConflictTarget.attributes( "name" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE animal, vehicle, truck" );
	}

	@Test
	void singleTableSubclassUpsertWritesItsDiscriminatorAndColumns() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Dog.class, NAME,
				Map.of( "name", "rex", "breed", "lab" ) ) );
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Animal.class, NAME,
				Map.of( "name", "generic", "note", "n" ) ) );
		assertThat( db.rows( "SELECT kind, name, breed FROM animal ORDER BY name" ) ).containsExactly(
				row( "kind", "animal", "name", "generic", "breed", null ),
				row( "kind", "dog", "name", "rex", "breed", "lab" ) );
	}

	@Test
	void singleTableSubclassInsertAndGetReturnsTheSubclass() {
		Animal dog = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsertAndGet( Dog.class, NAME,
				Map.of( "name", "rex", "breed", "lab" ) ) );
		assertThat( dog ).isInstanceOf( Dog.class );
		assertThat( ( (Dog) dog ).breed ).isEqualTo( "lab" );
	}

	@Test
	void singleTableRootInsertAndGetOfAConflictingSubclassRowReturnsTheSubclass() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Dog.class, NAME, Map.of( "name", "rex", "breed", "lab" ) ) );
		Animal a = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Animal.class, NAME, ConflictAction.NOTHING ).insertAndGet( Map.of( "name", "rex" ) ) );
		assertThat( a ).isInstanceOf( Dog.class );
	}

	@Test
	void singleTableSubclassBulkUnderNothing() {
		db.inTransaction( em -> PgExtraEntityManager.of( em ).upsert( Dog.class, NAME, Map.of( "name", "rex", "breed", "lab" ) ) );
		List<Dog> dogs = db.fromTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Dog.class, NAME, ConflictAction.NOTHING )
				.bulkInsertMapsAndGet( List.of( Map.of( "name", "fido", "breed", "pug" ), Map.of( "name", "rex", "breed", "x" ) ) ) );
		assertThat( dogs ).extracting( a -> a.name ).containsExactly( "fido", "rex" );
		assertThat( dogs ).allMatch( Dog.class::isInstance );
	}

	@Test
	void tablePerClassConcreteRootWithASubclassCanBeUpserted() {
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Vehicle.class,
				ConflictTarget.attributes( "plate" ), Map.of( "id", 1L, "plate", "AB-1", "note", "n" ) ) );
		assertThat( id ).isEqualTo( 1L );
		assertThat( db.count( "vehicle" ) ).isEqualTo( 1 );
	}

	@Test
	void tablePerClassLeafUpsertAndInsertAndGet() {
		Long id = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsert( Truck.class,
				ConflictTarget.attributes( "plate" ), Map.of( "id", 2L, "plate", "TR-1", "axles", 3 ) ) );
		assertThat( id ).isEqualTo( 2L );
		Vehicle t = db.fromTransaction( em -> PgExtraEntityManager.of( em ).upsertAndGet( Truck.class,
				ConflictTarget.attributes( "plate" ), Map.of( "id", 2L, "plate", "TR-1", "axles", 4 ) ) );
		assertThat( t ).isInstanceOf( Truck.class );
		assertThat( ( (Truck) t ).axles ).isEqualTo( 4 );
	}

	private static Map<String, Object> row(Object... kv) {
		Map<String, Object> m = new java.util.LinkedHashMap<>();
		for ( int i = 0; i < kv.length; i += 2 ) {
			m.put( (String) kv[i], kv[i + 1] );
		}
		return m;
	}
}
