package io.pgextra.hibernate.test.api;

import static io.pgextra.hibernate.ConflictExpression.excluded;
import static io.pgextra.hibernate.ConflictExpression.existing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.pgextra.hibernate.ConflictTarget;
import io.pgextra.hibernate.PgExtraEntityManager;
import io.pgextra.hibernate.test.PgExtension;
import io.pgextra.hibernate.test.model.Counter;
import io.pgextra.hibernate.test.model.Counter_;
import io.pgextra.hibernate.test.model.Person;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import jakarta.persistence.metamodel.Attribute;

/** JPA static metamodel attributes ({@code Counter_.hits}) wherever attribute names are strings. */
class MetamodelAttributesTest {

	@RegisterExtension
	static final PgExtension db = PgExtension.withEntities( Counter.class, Person.class )
			.property( "hibernate.physical_naming_strategy", "org.hibernate.boot.model.naming.CamelCaseToUnderscoresNamingStrategy" );

	@BeforeEach
	void clean() {
		db.execute( "TRUNCATE counter" );
		db.execute( "INSERT INTO counter (id, name, hits, label) VALUES (1, 'a', 10, 'old')" );
	}

	@Test
	void targetUpdatingSetAndExpressionsTakeMetamodelAttributes() {
		assertThat( Counter_.hits ).as( "Hibernate populated the static metamodel" ).isNotNull();
		db.inTransaction( em -> PgExtraEntityManager.of( em )
				.onConflict( Counter.class, ConflictTarget.attributes( Counter_.name ) ).doUpdate()
				.updating( Counter_.label )
				.set( Counter_.hits, existing( Counter_.hits ).plus( excluded( Counter_.hits ) ) )
				.where( existing( Counter_.hits ).lt( 100 ) )
				.insert( Map.of( "name", "a", "hits", 5, "label", "new" ) ) );
		assertThat( db.rows( "SELECT hits, label FROM counter" ) ).containsExactly( Map.of( "hits", 15, "label", "new" ) );
	}

	@Test
	void anAttributeOfAnotherEntityIsRejectedNamingBoth() {
		assertThatThrownBy( () -> db.inTransaction( em -> {
			Attribute<?, ?> other = em.getMetamodel().entity( Person.class ).getAttributes().iterator().next();
			PgExtraEntityManager.of( em ).onConflict( Counter.class, ConflictTarget.attributes( Counter_.name ) )
					.doUpdate().updating( other );
		} ) )
				.isInstanceOf( IllegalArgumentException.class )
				.hasMessageContaining( "is declared by " + Person.class.getName() )
				.hasMessageContaining( "not by entity '" + Counter.class.getName() + "'" )
				.hasMessageContaining( "use an attribute of Counter_" );
	}
}
