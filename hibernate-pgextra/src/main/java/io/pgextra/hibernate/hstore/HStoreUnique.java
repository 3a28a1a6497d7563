package io.pgextra.hibernate.hstore;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Keys of an hstore attribute whose values are unique: one key alone, or several keys unique together, like a
 * {@code UNIQUE} constraint on columns. Repeatable: one annotation per unique key or key group.
 * <pre>{@code
 * @Type(PostgreSQLHStoreType.class)
 * @Column(columnDefinition = "hstore")
 * @HStoreUnique("key3")                    // key3 alone
 * @HStoreUnique({ "key1", "key2" })        // key1 and key2 together
 * private Map<String, String> myfield;
 * }</pre>
 * The schema export (every {@code hibernate.hbm2ddl.auto} / {@code jakarta.persistence.schema-generation} action)
 * creates one unique expression index per annotation, named {@code <table>_<column>_unique_<keys>} (shortened with a
 * hash when longer than 63 bytes or not plain lower-case ASCII; and with a hash of table, column and keys when
 * another declaration whose table may be in the same schema would get the same name, as
 * {@code @HStoreUnique("key1_key2")} would beside the example below, since index names are unique per schema):
 * <pre>{@code
 * create unique index "my_model_myfield_unique_key1_key2" on my_model ((myfield -> 'key1'), (myfield -> 'key2'))
 * }</pre>
 * {@link #columns()} puts plain columns first in the index, e.g. the partition key of a partitioned table, whose
 * unique indexes PostgreSQL requires to include it; the keys are then unique per value of those columns:
 * <pre>{@code
 * @HStoreUnique(value = "sku", columns = "tenant")
 * // create unique index "events_attrs_unique_tenant_sku" on events (tenant, (attrs -> 'sku'))
 * // ConflictTarget.attributes("tenant").andHStoreKey("attrs", "sku")
 * }</pre>
 * PostgreSQL semantics apply: a row without the key (or with a {@code NULL} value for it, or a {@code NULL}
 * column) has a {@code NULL} key and never conflicts; add {@link HStoreRequired} to forbid that. The same keys,
 * in the same order, are an {@code ON CONFLICT} target: {@code ConflictTarget.hstoreKeys("myfield", "key1", "key2")}.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.METHOD })
@Repeatable(HStoreUnique.List.class)
public @interface HStoreUnique {

	/**
	 * @return the key, or the keys that are unique together (at least one; the order is the index's)
	 */
	String[] value();

	/**
	 * @return plain columns of the same table, by their names in the database, that come first in the unique index
	 * (none by default); the keys are then unique together with them
	 * @since 0.1.0
	 */
	String[] columns() default {};

	/**
	 * Holds several {@link HStoreUnique} on one attribute; written implicitly by repeating the annotation.
	 *
	 * @since 0.1.0
	 */
	@Documented
	@Retention(RetentionPolicy.RUNTIME)
	@Target({ ElementType.FIELD, ElementType.METHOD })
	@interface List {
		/** @return the unique keys or key groups */
		HStoreUnique[] value();
	}
}
