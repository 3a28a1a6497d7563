package io.pgextra.hibernate.spring.model;

import io.pgextra.hibernate.spring.PgExtraRepository;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface ItemRepository extends JpaRepository<Item, Long>, PgExtraRepository<Item, Long> {

	@Modifying
	@Transactional
	@Query("update Item i set i.quantity = i.quantity + 1")
	int incrementAll();
}
